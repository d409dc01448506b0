import { Badge, Button, NativeSelect, Table } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Node } from '../api/types';
import { terminalPath } from '../terminal/terminalUrls';
import { LabelBadges } from './LabelBadges';

/** One server: its labels (click one to filter by it), status, a login to pick and Connect. */
export function NodeRow({ node, onLabelClick }: { node: Node; onLabelClick(label: string): void }) {
  const navigate = useNavigate();
  const [login, setLogin] = useState(node.logins[0] ?? '');

  return (
    <Table.Tr data-testid="node-row" data-node={node.name}>
      <Table.Td fw={500} data-testid="node-name">
        {node.name}
      </Table.Td>
      <Table.Td>
        <Badge variant="outline" color="gray" size="sm" tt="none">
          Server
        </Badge>
      </Table.Td>
      <Table.Td>
        <LabelBadges resource={node} plural="servers" onLabelClick={onLabelClick} />
      </Table.Td>
      <Table.Td>
        <Badge color={node.online ? 'green' : 'gray'} variant="filled" size="sm" tt="none" data-testid="node-status">
          {node.online ? 'online' : 'offline'}
        </Badge>
      </Table.Td>
      <Table.Td>
        {/* A native <select>: keyboard- and test-friendly, and the list is short. */}
        <NativeSelect
          aria-label={`Login on ${node.name}`}
          data={node.logins}
          value={login}
          onChange={(e) => setLogin(e.currentTarget.value)}
          size="xs"
          w={140}
          data-testid="login-select"
        />
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          disabled={!node.online || !login}
          title={node.online ? undefined : `${node.name} is offline`}
          onClick={() => navigate(terminalPath(node.name, login))}
          data-testid="connect"
        >
          Connect
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
