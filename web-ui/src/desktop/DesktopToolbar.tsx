import { Button, CopyButton, Group, Paper, Popover, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { inertText } from '../components/inertText';
import classes from './Desktop.module.css';

export interface ToolbarActions {
  toggleFullscreen(): void;
  ctrlAltDel(): void;
  sendClipboard(): void;
  disconnect(): void;
  dismissClipboard(): void;
}

interface Props {
  target: string;
  connected: boolean;
  fullscreen: boolean;
  /** Text from the remote clipboard the browser would not take: shown for copying by hand. */
  remoteClipboard: string | null;
  notice: string | null;
  actions: ToolbarActions;
}

/** A small bar over the top of the screen; it folds into a tab to leave the screen whole. */
export function DesktopToolbar({ target, connected, fullscreen, remoteClipboard, notice, actions }: Props) {
  const [open, setOpen] = useState(true);
  const shown = open || remoteClipboard !== null; // text waiting to be copied unfolds it

  if (!shown) {
    return (
      <Paper className={classes.toolbar} shadow="sm" px={6} py={2}>
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)} data-testid="desktop-toolbar-toggle" aria-label="Show the toolbar">
          ▾ {target}
        </Button>
      </Paper>
    );
  }
  return (
    <Paper className={classes.toolbar} shadow="sm" px="xs" py={4} data-testid="desktop-toolbar">
      <Group gap={6} wrap="nowrap">
        <Text size="xs" fw={600} truncate maw={220}>
          {target}
        </Text>
        <Button size="compact-xs" variant="default" onClick={actions.toggleFullscreen} data-testid="desktop-fullscreen">
          {fullscreen ? 'Exit full screen' : 'Full screen'}
        </Button>
        <Button size="compact-xs" variant="default" disabled={!connected} onClick={actions.ctrlAltDel} data-testid="desktop-ctrl-alt-del">
          Send Ctrl+Alt+Del
        </Button>
        <Popover opened={remoteClipboard !== null} onChange={(o) => !o && actions.dismissClipboard()} position="bottom" width={360} withArrow>
          <Popover.Target>
            <Button
              size="compact-xs"
              variant="default"
              disabled={!connected}
              onClick={actions.sendClipboard}
              title="Put your clipboard's text on the desktop's clipboard"
              data-testid="desktop-send-clipboard"
            >
              Send clipboard
            </Button>
          </Popover.Target>
          <Popover.Dropdown data-testid="desktop-clipboard-popover">
            <RemoteClipboardText text={remoteClipboard ?? ''} onClose={actions.dismissClipboard} />
          </Popover.Dropdown>
        </Popover>
        <Button size="compact-xs" variant="light" color="red" disabled={!connected} onClick={actions.disconnect} data-testid="desktop-disconnect">
          Disconnect
        </Button>
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen(false)} aria-label="Hide the toolbar" data-testid="desktop-toolbar-toggle">
          ▴
        </Button>
      </Group>
      {notice && (
        <Text size="xs" c="red" role="status" mt={2}>
          {notice}
        </Text>
      )}
    </Paper>
  );
}

function RemoteClipboardText({ text, onClose }: { text: string; onClose(): void }) {
  return (
    <Stack gap="xs">
      <Text size="xs">The desktop copied this text; the browser did not let the page put it on your clipboard.</Text>
      <Textarea readOnly autosize minRows={2} maxRows={8} value={inertText(text)} size="xs" />
      <Group gap="xs" justify="flex-end">
        {/* A click is a user gesture, which the browser accepts for a clipboard write. */}
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button size="compact-xs" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
        <Button size="compact-xs" variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  );
}
