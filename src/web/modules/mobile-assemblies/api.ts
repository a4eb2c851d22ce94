// Queries and writes of the owner's phone pages: my assemblies, one assembly with my voters and
// ballots, the one-time code, the online ballot, the public receipts, and owners' petitions. The
// shapes follow the server's services (src/modules/assemblies/mine.ts, petitions.ts and the
// public receipt list); areas arrive as decimal strings in 0.01 m².
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type Choice = 'agree' | 'oppose' | 'abstain';
export const CHOICES: readonly Choice[] = ['agree', 'oppose', 'abstain'];
export type AssemblyState = 'draft' | 'announced' | 'voting' | 'closed' | 'counted' | 'published' | 'archived';
export type TestName = 'quorum_area' | 'quorum_persons' | 'agree_area' | 'agree_persons';
export type ReceiptStatus = 'pending' | 'counted' | 'superseded' | 'rejected';
export type Channel = 'online' | 'paper' | 'proxy';

export interface Figures {
  areaCenti: string;
  persons: number;
}

export interface MyAssemblyItem {
  id: number;
  title: string;
  estateName: string;
  state: AssemblyState;
  votingOpensAt: string;
  votingClosesAt: string;
  voters: number;
  votedVoters: number;
  voted: boolean;
}

export interface Matter {
  id: number;
  seq: number;
  item: number;
  itemLabel: { zh: string; en: string };
  special: boolean;
  title: string;
  description: string;
}

export interface BallotChoice {
  matterId: number;
  seq: number;
  choice: Choice;
}

export interface MyVoter {
  voterId: number;
  voterNo: number;
  kind: 'person' | 'developer';
  units: string[];
  areaCenti: string;
  ballot: { receipt: string; status: ReceiptStatus; channel: Channel; castAt: string; choices: BallotChoice[] } | null;
}

export interface MyReceipt {
  receipt: string;
  voterId: number;
  voterNo: number;
  channel: Channel;
  status: ReceiptStatus;
  superseded: boolean;
  supersedes: string | null;
  castAt: string;
  choices: BallotChoice[];
}

export interface ResultTest {
  name: TestName;
  passed: boolean;
  value: string;
  of: string;
  required: string;
  article: string;
  percent: string;
}

export interface MatterResult {
  matterId: number;
  seq: number;
  item: number;
  title: string;
  electionId: number | null;
  rule: 'double_majority' | 'double_three_quarters';
  passed: boolean;
  failed: TestName[];
  real?: { passed: boolean; failed: TestName[] };
  agree: Figures;
  oppose: Figures;
  abstain: Figures;
  participating: Figures;
  tests: ResultTest[];
  deemed: null | { deemedAs: Choice; deemed: Figures; passed: boolean; failed: TestName[]; tests: ResultTest[] };
  effective?: 'real' | 'deemed' | boolean;
}

export interface Results {
  totals: Figures;
  deemedVotes: boolean;
  matters: MatterResult[];
  election: null | {
    seats: number;
    elected: { matterId: number; name: string; agreePersons: number; agreeArea: string; rank: number }[];
    tiedForLast: { matterId: number; name: string }[];
    runOffNeeded: boolean;
  };
  ledgerHead: string;
}

export interface Turnout {
  totals: Figures;
  voted: Figures;
  pending: number;
  quorum: { area: boolean; persons: boolean; areaPercent: string; personsPercent: string };
}

export interface MyAssembly {
  id: number;
  title: string;
  estateName: string;
  kind: 'regular' | 'extraordinary' | 'first';
  organiserKind: string;
  organiserName: string;
  state: AssemblyState;
  votingOpensAt: string;
  votingClosesAt: string;
  announcedAt: string | null;
  votingOpen: boolean;
  notice: string;
  matters: Matter[];
  election: null | { title: string; seats: number; termYears: number; candidates: { matterId: number; name: string; statement: string; partyMember: boolean }[] };
  materials: { id: number; filename: string; mime: string; size: number }[];
  /** my phone on record, masked ("138****1234"), or null when none is recorded */
  phone: string | null;
  voters: MyVoter[];
  receipts: MyReceipt[];
  turnout: Turnout | null;
  results: Results | null;
}

export interface PublicReceipt {
  receipt: string;
  voterNo: number;
  channel: Channel;
  status: ReceiptStatus;
  /** choice by matter number */
  choices: Record<string, Choice>;
  /** the receipt this ballot replaced (a changed online vote) */
  supersedes: string | null;
  ledgerSeq: number;
}

export interface PetitionTotals {
  signed: Figures;
  roll: Figures;
  areaPercent: string;
  personsPercent: string;
  areaReached: boolean;
  personsReached: boolean;
  reached: boolean;
  lapsed: number;
}

export interface MyPetition {
  id: number;
  estateId: number;
  estateName: string;
  title: string;
  reason: string;
  state: 'open' | 'reached' | 'convened' | 'withdrawn';
  createdAt: string;
  reachedAt: string | null;
  assemblyId: number | null;
  totals: PetitionTotals;
  signed: boolean;
  signedByMe: boolean;
  signedAt: string | null;
}

export const masmKeys = {
  list: ['assemblies', 'mine'] as const,
  one: (id: number) => ['assemblies', 'mine', id] as const,
  receipts: (id: number) => ['assemblies', 'receipts', id] as const,
  receipt: (id: number, code: string) => ['assemblies', 'receipt', id, code] as const,
  petitions: ['petitions', 'mine'] as const,
  petition: (id: number) => ['petitions', 'mine', id] as const,
};

export function useMyAssemblies() {
  return useQuery({ queryKey: masmKeys.list, queryFn: () => api<{ items: MyAssemblyItem[] }>('/my/assemblies').then((r) => r.items) });
}

export function useMyAssembly(id: number) {
  return useQuery({ queryKey: masmKeys.one(id), queryFn: () => api<MyAssembly>(`/my/assemblies/${id}`), enabled: id > 0 });
}

export function useSendCode(id: number) {
  return useMutation({ mutationFn: () => api<{ sentTo: string; expiresAt: string }>(`/my/assemblies/${id}/otp`, { method: 'POST', body: {} }) });
}

export interface BallotBody {
  voterId?: number;
  choices: { matterId: number; choice: Choice }[];
  code: string;
}

export function useCastBallot(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BallotBody) => api<{ receipt: string; changed: boolean; status: ReceiptStatus }>(`/my/assemblies/${id}/ballot`, { method: 'POST', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: masmKeys.one(id) });
      void qc.invalidateQueries({ queryKey: masmKeys.list });
    },
  });
}

/** The public list of receipts (after voting has closed; no login needed). */
export function useReceipts(id: number, enabled: boolean) {
  return useQuery({
    queryKey: masmKeys.receipts(id),
    queryFn: () => api<{ items: PublicReceipt[]; total: number; ledgerHead: string }>(`/assemblies/${id}/receipts`),
    enabled: id > 0 && enabled,
    staleTime: 60_000,
  });
}

export function useReceipt(id: number, code: string) {
  return useQuery({
    queryKey: masmKeys.receipt(id, code),
    queryFn: () => api<PublicReceipt>(`/assemblies/${id}/receipts/${encodeURIComponent(code)}`),
    enabled: id > 0 && code.length > 0,
    retry: false,
  });
}

export const materialUrl = (assemblyId: number, fileId: number) => `/api/assemblies/${assemblyId}/files/${fileId}`;

export function useMyPetitions() {
  return useQuery({
    queryKey: masmKeys.petitions,
    queryFn: () => api<{ estates: { id: number; name: string }[]; items: MyPetition[] }>('/my/petitions'),
  });
}

export function useMyPetition(id: number) {
  return useQuery({ queryKey: masmKeys.petition(id), queryFn: () => api<MyPetition>(`/my/petitions/${id}`), enabled: id > 0 });
}

export function useSignPetition(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<MyPetition>(`/my/petitions/${id}/sign`, { method: 'POST', body: {} }),
    onSuccess: (p) => {
      qc.setQueryData(masmKeys.petition(id), p);
      void qc.invalidateQueries({ queryKey: ['petitions'] });
    },
  });
}

export function useOpenPetition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { estateId: number; title: string; reason: string }) => api<MyPetition>('/my/petitions', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['petitions'] }),
  });
}
