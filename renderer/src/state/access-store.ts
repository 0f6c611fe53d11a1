import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ActivationEventDto, ActiveActivationDto, EligibleGroupDto, JournalEntryDto, PendingRequestDto } from '../../../shared/domain/types.js';
import type { ChannelArgs } from '../../../shared/ipc/contract.js';
import { BridgeError, toBridgeError, unwrap, type JitVaultBridge } from '../bridge.js';
import { isEnded } from './activation-phases.js';

/** One activation request this window knows about, with its timeline. */
export interface RequestTrack {
  requestId: string;
  accountId: string;
  groupId: string;
  submittedAt: number;
  events: ActivationEventDto[];
  /** Copy/reveal to run on Ready; only honoured for requests submitted from this window. */
  thenOpen?: { vault: string; name: string; action: 'copy' | 'reveal' };
  /** Submitted from this window (the popup shows its progress line). */
  local: boolean;
  /** The thenOpen action already ran. */
  opened?: boolean;
}

/**
 * A request as the form submits it. `thenOpen` (copy or reveal this secret once Ready) stays in the
 * renderer: it is this window's intent, so main neither receives nor keeps it.
 */
export type ActivateInput = ChannelArgs<'pim:activate'> & { thenOpen?: { vault: string; name: string; action: 'copy' | 'reveal' } };
export type ExtendInput = ChannelArgs<'pim:extend'>;

export interface AccessSlice {
  eligible: EligibleGroupDto[];
  active: ActiveActivationDto[];
  requests: Record<string, RequestTrack>;
  journal: JournalEntryDto[];
  loading: boolean;
  error: BridgeError | null;
  load(): Promise<void>;
  loadJournal(): Promise<void>;
  loadActive(): Promise<void>;
  /** Submits; resolves with the request id or throws a BridgeError. */
  activate(input: ActivateInput): Promise<string>;
  extend(input: ExtendInput): Promise<string>;
  cancel(track: RequestTrack): Promise<BridgeError | null>;
  deactivate(activation: ActiveActivationDto): Promise<BridgeError | null>;
  onActivation(event: ActivationEventDto): RequestTrack;
  markOpened(requestId: string): void;
}

export type AccessStore = StoreApi<AccessSlice>;

/** Last event of a track (undefined before the first one arrives). */
export function lastEvent(track: RequestTrack): ActivationEventDto | undefined {
  return track.events[track.events.length - 1];
}

/** Still being followed: no event yet, or the last one is not an end. */
export function isPending(track: RequestTrack): boolean {
  const last = lastEvent(track);
  return !last || !isEnded(last.phase);
}

function fromPending(dto: PendingRequestDto): RequestTrack {
  return { requestId: dto.requestId, accountId: dto.accountId, groupId: dto.groupId, submittedAt: dto.submittedAt, events: dto.history, local: false };
}

/**
 * PIM state for the access window and the popup's request panel: eligible groups with their policy,
 * activations in force, requests with timelines (from main's list and from live events), journal.
 */
export function createAccessStore(bridge: JitVaultBridge, now: () => number = () => Date.now()): AccessStore {
  return createStore<AccessSlice>()((set, get) => {
    function track(requestId: string, base: Omit<RequestTrack, 'events' | 'requestId'>): RequestTrack {
      return get().requests[requestId] ?? { requestId, events: [], ...base };
    }

    function put(next: RequestTrack): void {
      set({ requests: { ...get().requests, [next.requestId]: next } });
    }

    return {
      eligible: [],
      active: [],
      requests: {},
      journal: [],
      loading: false,
      error: null,

      async load() {
        set({ loading: true });
        try {
          const [eligible, active] = await Promise.all([unwrap(bridge.pim.eligible({})), unwrap(bridge.pim.active({}))]);
          set({ eligible, active, error: null });
        } catch (error) {
          set({ error: toBridgeError(error) });
        }
        const pending = await bridge.pim.pending({});
        if (pending.ok) {
          const requests = { ...get().requests };
          for (const dto of pending.value) {
            const known = requests[dto.requestId];
            requests[dto.requestId] = known ? { ...known, events: known.events.length >= dto.history.length ? known.events : dto.history } : fromPending(dto);
          }
          set({ requests });
        }
        set({ loading: false });
        await get().loadJournal();
      },

      async loadJournal() {
        const journal = await bridge.journal.recent({ limit: 50 });
        if (journal.ok) set({ journal: journal.value });
      },

      async loadActive() {
        const active = await bridge.pim.active({});
        if (active.ok) set({ active: active.value });
      },

      async activate({ thenOpen, ...request }) {
        const { requestId } = await unwrap(bridge.pim.activate(request));
        // Main may have emitted 'Submitted' before answering: merge into that track.
        const known = track(requestId, { accountId: request.accountId, groupId: request.groupId, submittedAt: now(), local: true });
        put({ ...known, local: true, ...(thenOpen ? { thenOpen } : {}) });
        return requestId;
      },

      async extend(input) {
        const { requestId } = await unwrap(bridge.pim.extend(input));
        put({ ...track(requestId, { accountId: input.accountId, groupId: input.groupId, submittedAt: now(), local: true }), local: true });
        return requestId;
      },

      async cancel(request) {
        try {
          await unwrap(bridge.pim.cancel({ accountId: request.accountId, requestId: request.requestId }));
          return null;
        } catch (error) {
          return toBridgeError(error);
        }
      },

      async deactivate(activation) {
        try {
          await unwrap(bridge.pim.deactivate({ accountId: activation.accountId, groupId: activation.groupId }));
          await get().loadActive();
          return null;
        } catch (error) {
          return toBridgeError(error);
        }
      },

      onActivation(event) {
        const known = track(event.requestId, { accountId: event.accountId, groupId: event.groupId, submittedAt: event.at, local: false });
        const next = { ...known, events: [...known.events, event] };
        put(next);
        return next;
      },

      markOpened(requestId) {
        const known = get().requests[requestId];
        if (known) put({ ...known, opened: true });
      },
    };
  });
}
