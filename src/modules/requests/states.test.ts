// The request state graph: every allowed move, the refusals, and the Open311 mapping.
import { describe, expect, it } from 'vitest';
import { ACTIONS, availableActions, clockRuns, open311Status, REQUEST_STATES, transitionProblem } from './states';

describe('request state graph', () => {
  it('walks the ordinary path: submitted → accepted → in progress → resolved → closed', () => {
    expect(transitionProblem('submitted', 'accept', 'handler')).toBeNull();
    expect(transitionProblem('accepted', 'start', 'handler')).toBeNull();
    expect(transitionProblem('in_progress', 'resolve', 'handler', '已疏通下水道')).toBeNull();
    expect(transitionProblem('resolved', 'close', 'requester')).toBeNull();
  });

  it('refuses a move that is not in the graph', () => {
    expect(transitionProblem('submitted', 'resolve', 'handler', '已处理')).toBe('not_allowed_from_state');
    expect(transitionProblem('closed', 'reopen', 'requester', '又堵了')).toBe('not_allowed_from_state');
    expect(transitionProblem('declined', 'accept', 'handler')).toBe('not_allowed_from_state');
  });

  it('lets only the requester reopen, and only the handler resolve', () => {
    expect(transitionProblem('resolved', 'reopen', 'handler', '再看看')).toBe('not_allowed_for_actor');
    expect(transitionProblem('resolved', 'reopen', 'requester', '又漏水了')).toBeNull();
    expect(transitionProblem('in_progress', 'resolve', 'requester', '好了')).toBe('not_allowed_for_actor');
  });

  it('needs a reason to decline, defer, escalate or reopen, and a note to resolve', () => {
    expect(transitionProblem('submitted', 'decline', 'handler')).toBe('reason_required');
    expect(transitionProblem('submitted', 'decline', 'handler', ' ')).toBe('reason_required');
    expect(transitionProblem('accepted', 'defer', 'handler', '等配件')).toBeNull();
    expect(transitionProblem('in_progress', 'escalate', 'handler')).toBe('reason_required');
    expect(transitionProblem('in_progress', 'resolve', 'handler', '')).toBe('resolution_required');
    expect(transitionProblem('resolved', 'reopen', 'requester')).toBe('reason_required');
  });

  it('offers each actor only its own actions', () => {
    expect(availableActions('submitted', 'handler')).toEqual(['accept', 'escalate', 'decline']);
    expect(availableActions('resolved', 'requester')).toEqual(['reopen', 'close']);
    expect(availableActions('closed', 'handler')).toEqual([]);
  });

  it('every action leads to a known state and starts from known states', () => {
    for (const rule of Object.values(ACTIONS)) {
      expect(REQUEST_STATES).toContain(rule.to);
      for (const s of rule.from) expect(REQUEST_STATES).toContain(s);
    }
  });

  it('stops the clock while deferred and when finished', () => {
    expect(REQUEST_STATES.filter(clockRuns)).toEqual(['submitted', 'accepted', 'in_progress', 'escalated']);
  });

  it('maps onto Open311’s open and closed', () => {
    expect(REQUEST_STATES.filter((s) => open311Status(s) === 'closed')).toEqual(['resolved', 'closed', 'declined']);
  });
});
