// The request state graph (接诉即办, DOMAIN.md §3). A transition not listed here is refused.
// Each action names who may take it and what it needs; services enforce both.

export const REQUEST_STATES = ['submitted', 'accepted', 'in_progress', 'deferred', 'escalated', 'resolved', 'closed', 'declined'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export type Actor = 'handler' | 'requester' | 'office' | 'system';

export interface ActionRule {
  from: readonly RequestState[];
  to: RequestState;
  by: readonly Actor[];
  /** Text the action must carry: a reason to decline, defer or escalate, a note to resolve. */
  requires?: 'reason' | 'resolution';
}

export const ACTIONS = {
  accept: { from: ['submitted', 'escalated'], to: 'accepted', by: ['handler'] },
  start: { from: ['accepted'], to: 'in_progress', by: ['handler'] },
  defer: { from: ['accepted', 'in_progress'], to: 'deferred', by: ['handler'], requires: 'reason' },
  resume: { from: ['deferred'], to: 'in_progress', by: ['handler'] },
  escalate: { from: ['submitted', 'accepted', 'in_progress', 'deferred'], to: 'escalated', by: ['handler', 'office'], requires: 'reason' },
  decline: { from: ['submitted', 'accepted'], to: 'declined', by: ['handler'], requires: 'reason' },
  resolve: { from: ['accepted', 'in_progress'], to: 'resolved', by: ['handler'], requires: 'resolution' },
  reopen: { from: ['resolved'], to: 'in_progress', by: ['requester'], requires: 'reason' },
  close: { from: ['resolved', 'declined'], to: 'closed', by: ['requester', 'office', 'system'] },
} as const satisfies Record<string, ActionRule>;

export type RequestAction = keyof typeof ACTIONS;

export type TransitionProblem = 'not_allowed_from_state' | 'not_allowed_for_actor' | 'reason_required' | 'resolution_required' | null;

/** Why `action` by `actor` is refused on a request in `state`, or null when it may go ahead. */
export function transitionProblem(state: RequestState, action: RequestAction, actor: Actor, text?: string | null): TransitionProblem {
  const rule: ActionRule = ACTIONS[action];
  if (!rule.from.includes(state)) return 'not_allowed_from_state';
  if (!rule.by.includes(actor)) return 'not_allowed_for_actor';
  if (rule.requires && !(text && text.trim().length >= 2)) return rule.requires === 'reason' ? 'reason_required' : 'resolution_required';
  return null;
}

/** Actions open to `actor` on a request in `state` (for the buttons a page shows). */
export function availableActions(state: RequestState, actor: Actor): RequestAction[] {
  return (Object.keys(ACTIONS) as RequestAction[]).filter((a) => {
    const rule: ActionRule = ACTIONS[a];
    return rule.from.includes(state) && rule.by.includes(actor);
  });
}

/** The deadline clock stops while deferred and once the request is finished. */
export function clockRuns(state: RequestState): boolean {
  return state !== 'deferred' && state !== 'resolved' && state !== 'closed' && state !== 'declined';
}

/** Open311 has two statuses; everything not finished is open. */
export function open311Status(state: RequestState): 'open' | 'closed' {
  return state === 'resolved' || state === 'closed' || state === 'declined' ? 'closed' : 'open';
}
