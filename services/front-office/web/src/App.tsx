// The shell: who is signed in, the navigation their role allows, and the page for the path.
import { useCallback, useEffect, useState } from 'react';
import { api } from './api';
import { ROLE } from './labels';
import { navigate, usePath } from './router';
import { Link } from './ui';
import { LoginPage } from './pages/LoginPage';
import { ReceptionPage } from './pages/ReceptionPage';
import { QueuePage } from './pages/QueuePage';
import { CasePage } from './pages/CasePage';
import { ReturnDeskPage } from './pages/ReturnDeskPage';
import { TrackingPage } from './pages/TrackingPage';
import { DashboardPage } from './pages/DashboardPage';
import { OnlineQueuePage } from './pages/OnlineQueuePage';
import { PostalPage } from './pages/PostalPage';

export interface User {
  username: string;
  displayName: string;
  role: string;
  unitCode: string;
}

const NAV: { to: string; label: string; roles: string[] }[] = [
  { to: '/tiep-nhan', label: 'Tiếp nhận hồ sơ', roles: ['desk_officer'] },
  { to: '/truc-tuyen', label: 'Hồ sơ trực tuyến', roles: ['desk_officer'] },
  { to: '/tra-ket-qua', label: 'Trả kết quả', roles: ['desk_officer'] },
  { to: '/buu-chinh', label: 'Bưu chính', roles: ['desk_officer', 'postal_worker'] },
  { to: '/xu-ly', label: 'Xử lý hồ sơ', roles: ['specialist', 'leader'] },
  { to: '/bao-cao', label: 'Báo cáo, thống kê', roles: ['leader', 'auditor', 'it_admin'] },
];

export function homeOf(user: User): string {
  if (user.role === 'desk_officer') return '/tiep-nhan';
  if (user.role === 'postal_worker') return '/buu-chinh';
  if (user.role === 'specialist' || (user.role === 'leader' && user.unitCode !== 'TRUCNINH')) return '/xu-ly';
  return '/bao-cao';
}

export function App() {
  const path = usePath();
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    if (path.startsWith('/tra-cuu')) return;
    api<{ user: User }>('GET', '/api/me').then(
      (r) => setUser(r.user),
      () => setUser(null),
    );
  }, [path === '/dang-nhap']);

  const signOut = useCallback(async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setUser(null);
    navigate('/dang-nhap');
  }, []);

  useEffect(() => {
    const title = document.querySelector('h1')?.textContent;
    if (title) document.title = `${title} — Bộ phận Một cửa`;
  });

  if (path.startsWith('/tra-cuu')) {
    return (
      <>
        <header className="topbar citizen">
          <p className="brand">Tra cứu hồ sơ thủ tục hành chính</p>
        </header>
        <main id="main" className="page narrow">
          <TrackingPage />
        </main>
      </>
    );
  }
  if (user === undefined) return <p className="loading">Đang tải…</p>;
  if (user === null || path === '/dang-nhap') {
    return (
      <main id="main" className="page narrow">
        <LoginPage
          onSignedIn={(u) => {
            setUser(u);
            navigate(homeOf(u));
          }}
        />
      </main>
    );
  }
  const allowed = NAV.filter((n) => n.roles.includes(user.role));
  let page;
  if (path === '/tiep-nhan') page = <ReceptionPage />;
  else if (path === '/tra-ket-qua') page = <ReturnDeskPage />;
  else if (path === '/truc-tuyen') page = <OnlineQueuePage />;
  else if (path === '/buu-chinh') page = <PostalPage user={user} />;
  else if (path === '/xu-ly') page = <QueuePage user={user} />;
  else if (path.startsWith('/xu-ly/')) page = <CasePage id={decodeURIComponent(path.slice('/xu-ly/'.length))} />;
  else if (path === '/bao-cao') page = <DashboardPage />;
  else {
    navigate(homeOf(user));
    return null;
  }
  return (
    <>
      <a className="skip" href="#main">
        Bỏ qua điều hướng
      </a>
      <header className="topbar">
        <p className="brand">Bộ phận Một cửa — Hệ thống tiếp nhận và trả kết quả</p>
        <nav aria-label="Chức năng">
          <ul>
            {allowed.map((n) => (
              <li key={n.to}>
                <Link to={n.to} className={path.startsWith(n.to) ? 'active' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user.displayName} · {ROLE[user.role] ?? user.role} · {user.unitCode}
          </span>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Đăng xuất
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
