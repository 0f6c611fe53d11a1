import { RequestTimeline } from '../components/request-timeline.js';
import { useAccess, useApp, useServices } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';
import { groupNamer } from './group-names.js';

/**
 * Timelines of this session's requests and the recent audit journal (names and outcomes, never
 * values) — the signed-in accounts' only (main filters), with group names instead of ids.
 */
export function HistoryView() {
  const { access } = useServices();
  const requests = useAccess((s) => s.requests);
  const eligible = useAccess((s) => s.eligible);
  const journal = useAccess((s) => s.journal);
  const journalProblem = useApp((s) => s.state?.journalProblem);
  const statuses = useApp((s) => s.state?.vaults);
  const accounts = useApp((s) => s.state?.accounts);
  const groupName = groupNamer(eligible, statuses ?? []);
  // With two accounts signed in, each line says whose it is.
  const accountName = (accountId: string | undefined) => (accounts && accounts.length > 1 && accountId ? accounts.find((a) => a.accountId === accountId)?.username : undefined);
  const tracks = Object.values(requests).sort((a, b) => b.submittedAt - a.submittedAt);
  return (
    <>
      <section className="card" aria-labelledby="timelines-title">
        <h2 id="timelines-title">Requests</h2>
        {tracks.length === 0 ? (
          <p className="muted">No request since JIT Vault started.</p>
        ) : (
          <ul className="plain-list">
            {tracks.map((track) => {
              const label = groupName(track.groupId);
              return (
                <li key={track.requestId} className="list-item">
                  <h3 className="group-name">
                    {label} <span className="muted">· submitted {formatDateTime(track.submittedAt)}</span>
                  </h3>
                  <RequestTimeline events={track.events} label={label} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="journal-title">
        <div className="list-row">
          <h2 id="journal-title">Recent activity</h2>
          <button type="button" onClick={() => void access.getState().loadJournal()}>
            Reload
          </button>
        </div>
        {journalProblem ? (
          <p role="alert" className="error-message">
            {journalProblem}
          </p>
        ) : null}
        {journal.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Recent activity table" tabIndex={0}>
            <table className="journal">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Target</th>
                  <th scope="col">Reason / ticket</th>
                </tr>
              </thead>
              <tbody>
                {journal.map((entry, index) => (
                  <tr key={`${entry.time}-${index}`}>
                    <td>{formatDateTime(entry.time)}</td>
                    <td>
                      {entry.action}
                      {accountName(entry.account) ? <span className="muted"> · {accountName(entry.account)}</span> : null}
                    </td>
                    <td>{entry.outcome}</td>
                    <td title={entry.groupId}>{[entry.vault, entry.secretName, entry.groupId ? groupName(entry.groupId) : undefined].filter(Boolean).join(' / ')}</td>
                    <td>{[entry.justification, entry.ticket].filter(Boolean).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
