// Agency work queue: new, in progress, due soon, overdue, waiting for the citizen / payment /
// another agency.
import { useEffect, useState } from 'react';
import { api, ApiFailure } from '../api';
import type { User } from '../App';
import { STATUS, when } from '../labels';
import { ErrorBanner, Link } from '../ui';

const QUEUES: { key: string; label: string }[] = [
  { key: 'new', label: 'Mới, chưa phân công' },
  { key: 'in_progress', label: 'Đang xử lý' },
  { key: 'due_soon', label: 'Sắp đến hạn' },
  { key: 'overdue', label: 'Quá hạn' },
  { key: 'awaiting_citizen', label: 'Chờ công dân bổ sung' },
  { key: 'awaiting_payment', label: 'Chờ nộp phí' },
  { key: 'awaiting_agency', label: 'Chờ cơ quan khác' },
];

interface Item {
  dossierId: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  status: number;
  stepCode: string;
  assigneeOfficerId: string;
  stepDueAt: string;
  dueAt: string;
}

export function QueuePage({ user }: { user: User }) {
  const initial = new URLSearchParams(window.location.search).get('q') ?? (user.role === 'leader' ? 'new' : 'in_progress');
  const [queue, setQueue] = useState(QUEUES.some((q) => q.key === initial) ? initial : 'in_progress');
  const [items, setItems] = useState<Item[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    setItems(undefined);
    setError(undefined);
    window.history.replaceState(null, '', `/xu-ly?q=${queue}`);
    api<{ items: Item[] }>('GET', `/api/queue?queue=${queue}`).then(
      (r) => live && setItems(r.items),
      (e: ApiFailure) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [queue]);

  const current = QUEUES.find((q) => q.key === queue)!;
  return (
    <>
      <h1>Hồ sơ cần xử lý — {user.unitCode}</h1>
      <div className="tabs" role="group" aria-label="Hàng đợi">
        {QUEUES.map((q) => (
          <button key={q.key} type="button" aria-pressed={q.key === queue} onClick={() => setQueue(q.key)}>
            {q.label}
          </button>
        ))}
      </div>
      <ErrorBanner message={error} />
      {items === undefined && !error ? <p className="loading">Đang tải…</p> : null}
      {items ? (
        items.length === 0 ? (
          <p className="empty">Không có hồ sơ trong mục “{current.label}”.</p>
        ) : (
          <table className="list">
            <caption>
              {current.label}: {items.length} hồ sơ
            </caption>
            <thead>
              <tr>
                <th scope="col">Mã hồ sơ</th>
                <th scope="col">Thủ tục</th>
                <th scope="col">Người nộp</th>
                <th scope="col">Bước / người thụ lý</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Hạn trả kết quả</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.dossierId}>
                  <td>
                    <Link to={`/xu-ly/${i.dossierId}`}>{i.dossierCode}</Link>
                  </td>
                  <td>{i.procedureName}</td>
                  <td>{i.applicantName}</td>
                  <td>
                    {i.stepCode || '—'}
                    {i.assigneeOfficerId ? ` · ${i.assigneeOfficerId}` : ''}
                  </td>
                  <td>{STATUS[i.status] ?? i.status}</td>
                  <td>{when(i.dueAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </>
  );
}
