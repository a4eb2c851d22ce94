// Queries, cache keys and types of the meetings, calendar and party settings pages. Every shape
// comes from the server's schemas (type-only imports): no server code reaches the bundle.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Calendar, MeetingCreateT, MeetingDetail, MeetingSummary, PartySettingsView, Roster, ATTENDANCE, SLOT_STATUSES, FREQUENCIES } from '../../../modules/party/schemas-meetings';
import type { MeetingKind } from '../../../modules/party/meetings';

export type { Calendar, MeetingDetail, MeetingSummary, PartySettingsView, Roster, MeetingKind };
export type MeetingCreate = MeetingCreateT;
export type Attendance = (typeof ATTENDANCE)[number];
export type SlotStatus = (typeof SLOT_STATUSES)[number];
export type Frequency = (typeof FREQUENCIES)[number];
export type CalendarOrg = Calendar['orgs'][number];
export type CalendarSlot = NonNullable<Calendar['slots']>[number];

export const KIND_LIST: readonly MeetingKind[] = ['members', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'appraisal'];
export const ATTENDANCE_LIST: readonly Attendance[] = ['present', 'leave', 'absent'];
export const FREQUENCY_LIST: readonly Frequency[] = ['monthly', 'quarterly', 'half_yearly', 'yearly'];
export const SLOT_COLOURS: Record<SlotStatus, string> = { held: '#52c41a', missing: '#c0161d', due_soon: '#fa8c16', open: '#1677ff', upcoming: '#d9d9d9' };

export const meetingKeys = {
  all: ['party-meetings'] as const,
  list: (f: object) => ['party-meetings', 'list', f] as const,
  one: (id: number) => ['party-meetings', 'one', id] as const,
  roster: (orgId: number, kind: string) => ['party-meetings', 'roster', orgId, kind] as const,
  calendar: (f: object) => ['party-meetings', 'calendar', f] as const,
  settings: (placeId: number) => ['party-settings', placeId] as const,
};

export interface MeetingFilters {
  orgId?: number;
  placeId?: number;
  kind?: MeetingKind;
  from?: string;
  to?: string;
}

export function useMeetings(f: MeetingFilters, page: number, size: number, enabled = true) {
  return useQuery({
    queryKey: meetingKeys.list({ ...f, page, size }),
    queryFn: () => api<{ items: MeetingSummary[]; total: number }>('/party/meetings', { query: { ...f, limit: size, offset: (page - 1) * size } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: number | undefined) {
  return useQuery({ queryKey: meetingKeys.one(id ?? 0), queryFn: () => api<MeetingDetail>(`/party/meetings/${id}`), enabled: !!id });
}

export function useRoster(orgId: number | undefined, kind: MeetingKind | undefined) {
  return useQuery({
    queryKey: meetingKeys.roster(orgId ?? 0, kind ?? ''),
    queryFn: () => api<Roster>('/party/meeting-roster', { query: { orgId, kind } }),
    enabled: !!orgId && !!kind,
  });
}

export function useCalendar(f: { placeId?: number; orgId?: number; from?: string; to?: string }, enabled = true) {
  return useQuery({ queryKey: meetingKeys.calendar(f), queryFn: () => api<Calendar>('/party/calendar', { query: f }), enabled, placeholderData: keepPreviousData });
}

export function usePartySettings(placeId: number | undefined) {
  return useQuery({ queryKey: meetingKeys.settings(placeId ?? 0), queryFn: () => api<PartySettingsView>(`/party-settings/${placeId}`), enabled: !!placeId });
}

/** A file's download address (the server sends it as an attachment). */
export const fileHref = (meetingId: number, fileId: number) => `/api/party/meetings/${meetingId}/files/${fileId}`;
