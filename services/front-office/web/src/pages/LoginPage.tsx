import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiFailure, type FieldError } from '../api';
import type { User } from '../App';
import { ErrorBanner, errorFor, Field, Link } from '../ui';

export function LoginPage({ onSignedIn }: { onSignedIn(user: User): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Local accounts, or an OpenID Connect provider instead (then only its button is shown).
  const [mode, setMode] = useState<{ mode: 'local' | 'oidc'; label?: string }>();
  useEffect(() => {
    const why = new URLSearchParams(window.location.search).get('loi');
    if (why) setError(why);
    api<{ mode: 'local' | 'oidc'; label?: string }>('GET', '/api/auth-mode').then(setMode, () => setMode({ mode: 'local' }));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setFields([]);
    try {
      const r = await api<{ user: User }>('POST', '/api/session', { username, password });
      onSignedIn(r.user);
    } catch (err) {
      const f = err instanceof ApiFailure ? err : new ApiFailure(0, String(err), []);
      setError(f.message);
      setFields(f.fields);
      const first = f.fields[0]?.field;
      if (first) setTimeout(() => document.getElementById(first)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card login">
      <h1>Đăng nhập</h1>
      <p>Dành cho cán bộ Bộ phận Một cửa, chuyên viên và lãnh đạo các cơ quan chuyên môn.</p>
      <ErrorBanner message={error} />
      {mode?.mode === 'oidc' ? (
        <p>
          <a className="button primary" href="/api/oidc/login">
            Đăng nhập bằng {mode.label}
          </a>
        </p>
      ) : null}
      {mode?.mode !== 'oidc' ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field
            id="username"
            label="Tên đăng nhập"
            value={username}
            onChange={setUsername}
            autoComplete="username"
            required
            error={errorFor(fields, 'username')}
          />
          <Field
            id="password"
            label="Mật khẩu"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
            error={errorFor(fields, 'password')}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
          </button>
        </form>
      ) : null}
      <p className="aside">
        Công dân tra cứu hồ sơ: <Link to="/tra-cuu">Tra cứu tình trạng hồ sơ</Link>
      </p>
    </section>
  );
}
