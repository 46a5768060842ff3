import { useLocation, useNavigate } from "react-router";
import { useSessionManager, useSession } from "../auth/session-context";
import { AccountUsage } from "../usage/AccountUsage";
import { newConversationPath } from "../chat/context-key";
import { routeContextOf } from "../lib/route-context";
import { useShell } from "../shell/shell-context";
import { CloseIcon, LogoutIcon, PlusIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { ThemeSwitch } from "../ui/ThemeSwitch";
import { ContextNav } from "./ContextNav";
import { ConversationList } from "./ConversationList";

const listTitles = { general: "General conversations", model: "Model conversations", run: "Run conversations" };

export function Sidebar() {
  const location = useLocation();
  const navigate = useNavigate();
  const { closeDrawer, openPalette } = useShell();
  const { context, sessionId, isChat } = routeContextOf(location.pathname, location.search);

  return (
    <div className="sidebar-inner">
      <div className="sidebar-top">
        <Logo />
        <button type="button" className="icon-btn mobile-only" onClick={closeDrawer} aria-label="Close navigation">
          <CloseIcon />
        </button>
      </div>
      <button
        type="button"
        className="btn btn-primary btn-block new-chat"
        onClick={() => {
          closeDrawer();
          void navigate(newConversationPath(context));
        }}
      >
        <PlusIcon /> New chat
      </button>
      <button
        type="button"
        className="btn btn-block search-open"
        onClick={() => (closeDrawer(), openPalette())}
        aria-keyshortcuts="Control+K Meta+K"
      >
        Search <kbd>Ctrl K</kbd>
      </button>
      <ContextNav context={isChat ? context : null} onNavigate={closeDrawer} />
      <section className="sidebar-conversations" aria-labelledby="conversations-heading">
        <h2 id="conversations-heading" className="nav-heading">
          {listTitles[context.kind]}
        </h2>
        <ConversationList context={context} currentId={sessionId} onNavigate={closeDrawer} />
      </section>
      <AccountFooter />
    </div>
  );
}

function AccountFooter() {
  const session = useSession();
  const manager = useSessionManager();
  const navigate = useNavigate();
  if (!session) return null;
  const initials = session.user.displayName.trim().slice(0, 1).toUpperCase() || "?";
  return (
    <footer className="account">
      <span className="avatar" aria-hidden="true">
        {initials}
      </span>
      <span className="account-text">
        <span className="account-name">{session.user.displayName}</span>
        <span className="account-email">{session.user.email}</span>
        <AccountUsage />
      </span>
      <ThemeSwitch />
      <button
        type="button"
        className="icon-btn"
        aria-label="Sign out"
        title="Sign out"
        onClick={() => {
          void navigate("/");
          void manager.signOut();
        }}
      >
        <LogoutIcon />
      </button>
    </footer>
  );
}
