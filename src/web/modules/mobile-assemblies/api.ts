// Queries and writes of the owner's phone pages: my assemblies, one assembly with my voters and
// ballots, the one-time code, the online ballot, the public receipts, and owners' petitions. The
// shapes come from the server's services (type-only imports of src/modules/assemblies/mine.ts,
// petitions.ts, service.ts: no server code reaches the web bundle); where the server sends a plain
// string for a status, channel or choice, the types here name the values it takes. Areas arrive
// as decimal strings in 0.01 m².
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Choice, TestName } from '../../../modules/assemblies/rule';
import type { AssemblyResults, AssemblyState, FiguresDto, MatterResult as ServerMatterResult, Turnout } from '../../../modules/assemblies/service';
import type { Channel } from '../../../modules/assemblies/ballots';
import type { getMine, listMine } from '../../../modules/assemblies/mine';
import type { myPetition, PetitionTotals } from '../../../modules/assemblies/petitions';

export type { AssemblyState, Channel, Choice, PetitionTotals, TestName, Turnout };
export const CHOICES: readonly Choice[] = ['agree', 'oppose', 'abstain'];
export type ReceiptStatus = 'pending' | 'counted' | 'superseded' | 'rejected';
export type Figures = FiguresDto;
export type Results = AssemblyResults;
export type MatterResult = ServerMatterResult;
export type ResultTest = MatterResult['tests'][number];

export type MyAssemblyItem = Awaited<ReturnType<typeof listMine>>['items'][number];

type ServerMine = Awaited<ReturnType<typeof getMine>>;
export type Matter = ServerMine['matters'][number];

export interface BallotChoice {
  matterId: number;
  seq: number;
  choice: Choice;
}

type Ballot = NonNullable<ServerMine['voters'][number]['ballot']>;
export type MyVoter = Omit<ServerMine['voters'][number], 'ballot'> & {
  ballot: (Omit<Ballot, 'status' | 'channel' | 'choices'> & { status: ReceiptStatus; channel: Channel; choices: BallotChoice[] }) | null;
};
export type MyReceipt = Omit<ServerMine['receipts'][number], 'status' | 'channel' | 'choices'> & { status: ReceiptStatus; channel: Channel; choices: BallotChoice[] };

/** One assembly as its owner sees it (GET /api/my/assemblies/:id). */
export type MyAssembly = Omit<ServerMine, 'voters' | 'receipts'> & { voters: MyVoter[]; receipts: MyReceipt[] };

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

export type MyPetition = Awaited<ReturnType<typeof myPetition>>;

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
