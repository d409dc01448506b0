import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { Anchor, Group, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../components/usePageTitle';
import { useCurrentSession } from '../session/SessionContext';
import { statusText, TerminalConnection, type TerminalStatus } from '../terminal/TerminalConnection';
import { openWhenFontReady, TERMINAL_FONT_FAMILY, TERMINAL_FONT_SIZE } from '../terminal/terminalFont';
import { terminalSocketUrl } from '../terminal/terminalUrls';
import classes from '../terminal/Terminal.module.css';

const STATUS_COLOR: Record<TerminalStatus['kind'], string> = {
  connecting: 'dimmed',
  connected: 'green',
  error: 'red',
  ended: 'dimmed',
  closed: 'red',
};

/** A full-window shell on a node. Uses xterm's DOM renderer (no webgl addon), so its text is in `.xterm-rows`. */
export function TerminalPage() {
  const { node = '', login = '' } = useParams();
  const session = useCurrentSession();
  usePageTitle(`${login}@${node}`);
  const container = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'connecting' });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    return openWhenFontReady(() => openTerminal(element));
  }, [node, login, session.token]);

  function openTerminal(element: HTMLDivElement): () => void {
    const term = new Terminal({
      cursorBlink: true,
      fontSize: TERMINAL_FONT_SIZE,
      fontFamily: TERMINAL_FONT_FAMILY,
      scrollback: 5000,
      theme: { background: '#111418' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();

    const connection = new TerminalConnection(terminalSocketUrl(window.location, node, login, term.cols, term.rows), session.token, {
      output: (bytes) => term.write(bytes),
      status: (s) => {
        setStatus(s);
        if (s.kind !== 'connecting' && s.kind !== 'connected') term.options.disableStdin = true;
      },
    });
    const input = term.onData((data) => connection.sendInput(data));
    const resized = term.onResize(({ cols, rows }) => connection.resize(cols, rows));
    const onWindowResize = () => fit.fit();
    window.addEventListener('resize', onWindowResize);
    term.focus();

    return () => {
      window.removeEventListener('resize', onWindowResize);
      input.dispose();
      resized.dispose();
      connection.close();
      term.dispose();
    };
  }

  return (
    <div className={classes.page}>
      <Group className={classes.bar} justify="space-between" wrap="nowrap" px="sm">
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" fw={600}>
            {login}@{node}
          </Text>
          <Text size="sm" c={STATUS_COLOR[status.kind]} data-testid="terminal-status" data-state={status.kind} role="status">
            {statusText(status, login, node)}
          </Text>
        </Group>
        <Anchor component={Link} to="/web/resources" size="sm">
          Back to resources
        </Anchor>
      </Group>
      <div ref={container} className={classes.terminal} data-testid="terminal" />
    </div>
  );
}
