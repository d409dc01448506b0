// The access request calls of docs/web-api.md ("Access requests"), as the page makes them.
import { api, apiGet, apiPost } from '../api/client';
import type { AccessRequest, AccessRequestList, AccessRequestState, Session } from '../api/types';

const BASE = '/access-requests';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export interface NewAccessRequest {
  roles: string[];
  reason: string;
  duration: string;
}

/** The caller's own requests and those they may review, newest first; '' for every state. */
export const listAccessRequests = (state: AccessRequestState | '') =>
  apiGet<AccessRequestList>(BASE, { state: state || undefined });

export const createAccessRequest = (request: NewAccessRequest) => apiPost<AccessRequest>(BASE, request);

export const reviewAccessRequest = (id: string, approve: boolean, reason: string) =>
  apiPost<AccessRequest>(`${one(id)}/reviews`, { approve, reason });

export const cancelAccessRequest = (id: string) => api<AccessRequest>('POST', `${one(id)}/cancel`);

/** Answers the session with the request's roles, without a token: the current one stays valid. */
export const assumeAccessRequest = (id: string) => api<Session>('POST', `${one(id)}/assume`);

/** Answers the session back on the user's own roles. */
export const dropAccessRequest = () => api<Session>('POST', `${BASE}/drop`);
