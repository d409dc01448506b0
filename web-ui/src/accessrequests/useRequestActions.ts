import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { AccessRequest } from '../api/types';
import { useApiAction } from '../api/useApiAction';
import { useNotify } from '../components/Notices';
import { useSession } from '../session/SessionContext';
import { HOME_PATH } from '../session/loginState';
import { assumeAccessRequest, cancelAccessRequest } from './accessRequestApi';
import type { ReviewTarget } from './ReviewModal';
import { shortId } from './requestDisplay';

/** Cancel, assume, and which review is being written; `changed` reloads the list after each. */
export function useRequestActions(changed: () => void) {
  const { replaceSession } = useSession();
  const notify = useNotify();
  const navigate = useNavigate();
  const action = useApiAction();
  const [reviewing, setReviewing] = useState<ReviewTarget | null>(null);

  async function cancel(request: AccessRequest) {
    const cancelled = await action.run(`cancel:${request.id}`, () => cancelAccessRequest(request.id));
    if (!cancelled) return;
    notify({ title: 'Request cancelled', message: `Request ${shortId(request.id)} is ${cancelled.state}.`, color: 'gray' });
    changed();
  }

  async function assume(request: AccessRequest) {
    const session = await action.run(`assume:${request.id}`, () => assumeAccessRequest(request.id));
    if (!session) return;
    replaceSession(session);
    notify({
      title: 'Access request assumed',
      message: `You now have the roles ${session.roles.join(', ') || 'none'} until the request expires.`,
      color: 'green',
    });
    // The resources page is where the new roles' logins and nodes show up.
    navigate(HOME_PATH);
  }

  function reviewed(request: AccessRequest) {
    setReviewing(null);
    notify({ title: 'Review recorded', message: `Request ${shortId(request.id)} is ${request.state}.`, color: 'blue' });
    changed();
  }

  return {
    running: action.running,
    error: action.error,
    clearError: action.clearError,
    cancel,
    assume,
    review: (request: AccessRequest, approve: boolean) => setReviewing({ request, approve }),
    reviewing,
    closeReview: () => setReviewing(null),
    reviewed,
  };
}
