// The post at the desk: pickups to arrange (the desk asks the post to collect a dossier; the postal
// worker records the collection; the desk records the hand-over, which submits the dossier),
// shipments with their tracking history, failed deliveries, and the reconciliation of fees.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiFailure } from '../api';
import type { User } from '../App';
import { ErrorBanner, Field, Notice } from '../ui';
import { PickupRequestForm } from './PickupRequestForm';
import { Reconciliation } from './Reconciliation';
import { type Shipment, ShipmentCard } from './ShipmentCard';

const TABS = [
  { key: 'pickups', label: 'Thu gom hồ sơ' },
  { key: 'failed', label: 'Cần xử lý (phát lỗi, hoàn trả)' },
  { key: 'track', label: 'Tra cứu bưu gửi' },
  { key: 'reconcile', label: 'Đối soát phí' },
] as const;
type Tab = (typeof TABS)[number]['key'];

export function PostalPage({ user }: { user: User }) {
  const [tab, setTab] = useState<Tab>('pickups');
  const [shipments, setShipments] = useState<Shipment[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [q, setQ] = useState('');
  const [qError, setQError] = useState<string>();

  const load = useCallback(async (which: Tab, query = '') => {
    setError(undefined);
    if (which === 'reconcile') return;
    if (which === 'track' && !query) {
      setShipments([]);
      return;
    }
    try {
      const url =
        which === 'pickups'
          ? '/api/postal/pickups'
          : which === 'failed'
            ? '/api/postal/failed'
            : `/api/postal/shipments?q=${encodeURIComponent(query)}`;
      setShipments((await api<{ shipments: Shipment[] }>('GET', url)).shipments);
    } catch (e) {
      setShipments([]);
      setError((e as ApiFailure).message);
    }
  }, []);
  useEffect(() => {
    setShipments(undefined);
    void load(tab, tab === 'track' ? q : '');
  }, [tab]);

  return (
    <>
      <h1>Bưu chính công ích</h1>
      <div className="tabs" role="group" aria-label="Mục bưu chính">
        {TABS.map((t) => (
          <button key={t.key} type="button" aria-pressed={t.key === tab} onClick={() => setTab(t.key)}>
            {t.label}
          </button>
        ))}
      </div>
      <Notice message={notice} />
      <ErrorBanner message={error} />
      {tab === 'pickups' && user.role === 'desk_officer' ? (
        <PickupRequestForm
          onRequested={(shipment) => {
            setNotice('Đã gửi yêu cầu thu gom hồ sơ tới bưu điện.');
            // the list is a projection that may lag a moment: show the new pickup at once
            void load('pickups').then(() => {
              if (shipment)
                setShipments((all) => (all?.some((x) => x.shipmentId === shipment.shipmentId) ? all : [shipment, ...(all ?? [])]));
            });
          }}
        />
      ) : null}
      {tab === 'track' ? (
        <form
          className="card inline"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            setQError(q.trim() ? undefined : 'Mã tra cứu: bắt buộc');
            if (q.trim()) void load('track', q.trim());
          }}
        >
          <Field id="q" label="Mã hồ sơ hoặc số vận đơn" value={q} onChange={setQ} error={qError} />
          <button type="submit" className="primary">
            Tra cứu
          </button>
        </form>
      ) : null}
      {tab === 'reconcile' ? <Reconciliation /> : null}
      {tab !== 'reconcile' ? (
        shipments === undefined ? (
          <p className="loading">Đang tải…</p>
        ) : shipments.length === 0 ? (
          <p className="empty">{tab === 'track' ? 'Nhập mã để tra cứu.' : 'Không có bưu gửi nào.'}</p>
        ) : (
          <ul className="shipments" aria-label="Bưu gửi">
            {shipments.map((s) => (
              <ShipmentCard
                key={s.shipmentId}
                s={s}
                user={user}
                onChanged={() => {
                  setNotice('Đã ghi nhận.');
                  void load(tab, q.trim());
                }}
              />
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}
