import { useEffect, useRef, useState } from 'react';
import { LogOut } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { toApiError } from '../api';
import { useAuth } from '../features/auth/AuthContext';
import { errorMessage } from '../i18n/errors';
import { Avatar } from './Avatar';
import { HeaderSearch } from '../features/search/HeaderSearch';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The app shell: skip link, header with navigation, language and account, and the main landmark.
 * The header is one row from 1024 px up (below 1280 px the brand, the account name and the sign-out
 * label give way to their icons, still named for screen readers) and folds into rows on phones.
 */
export function Layout() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  // After client-side navigation, move focus to the new content as a full page load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  async function signOut() {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await logout();
      navigate('/login', { replace: true });
    } catch (err) {
      setSignOutError(errorMessage(t, toApiError(err).code));
    } finally {
      setSigningOut(false);
    }
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">{t('app.name')}</span>
          </Link>
          <nav className="site-nav" aria-label={t('header.navLabel')}>
            {user && (
              <NavLink to="/" end className="site-nav__link">
                {t('header.myGroups')}
              </NavLink>
            )}
            {user && (
              <NavLink to="/actions" className="site-nav__link">
                {t('actions.navLink')}
              </NavLink>
            )}
            <NavLink to="/members" className="site-nav__link">
              {t('directory.navLink')}
            </NavLink>
            {user?.can.administer && (
              <Link
                to="/admin/applications"
                className="site-nav__link"
                aria-current={location.pathname.startsWith('/admin/') ? 'page' : undefined}
              >
                {t('adminNav.headerLink')}
              </Link>
            )}
          </nav>
          <div className="site-header__tools">
            {user && <HeaderSearch />}
            <LanguageSwitch />
            {user && (
              <div className="account">
                <Link
                  to="/account"
                  className="account__link"
                  aria-label={t('account.headerLinkLabel', { name: user.name })}
                  title={user.name}
                >
                  <Avatar name={user.name} color={user.color} size="small" />
                  <span className="account__name">{user.name}</span>
                </Link>
                <button
                  type="button"
                  className="button button--quiet site-header__sign-out"
                  onClick={signOut}
                  disabled={signingOut}
                  title={t('header.signOut')}
                >
                  <LogOut className="icon" aria-hidden size={16} />
                  <span className="site-header__label">{signingOut ? t('header.signingOut') : t('header.signOut')}</span>
                </button>
              </div>
            )}
          </div>
        </div>
        {signOutError && (
          <p className="site-header__error" role="alert">
            {signOutError}
          </p>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
    </div>
  );
}
