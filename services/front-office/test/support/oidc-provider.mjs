// A real OpenID Connect provider (the `oidc-provider` package) for the sign-in test, run as its
// own process: one confidential client (the front office), dev interactions (any login and
// password), and each login's staff claims from OIDC_TEST_ACCOUNTS (JSON: login → claims).
// Usage: node oidc-provider.mjs <port> <redirect uri>
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'front-office',
      client_secret: 'front-office-test-secret-0123456789',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'onestop_role', 'onestop_unit'] },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      // An account marked userinfoOnly keeps its role and unit out of the ID token: they are then
      // only at the userinfo endpoint, as in directories that follow the spec to the letter.
      async claims(use) {
        const { userinfoOnly, ...claims } = accounts[id] ?? {};
        if (userinfoOnly && use === 'id_token') {
          delete claims.onestop_role;
          delete claims.onestop_unit;
        }
        return { sub: id, preferred_username: id, ...claims };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  // the profile scope's claims (role, unit) in the ID token too, as many staff directories do
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
});
provider.listen(Number(port), '127.0.0.1', () => process.stdout.write(`oidc provider ${issuer}\n`));
