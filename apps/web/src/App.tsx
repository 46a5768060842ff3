import { lazy, Suspense, useEffect } from "react";
import { BrowserRouter } from "react-router";
import { ApiProvider } from "./api/ApiProvider";
import { AuthPage } from "./auth/AuthPage";
import { useSessionManager, useSessionState } from "./auth/session-context";
import { conversations } from "./chat/conversation-store";
import { AppRoutes } from "./routes/AppRoutes";
import { shareTokenOf } from "./share/share-link";

// Loaded only for a share link: visitors need no more of the app, and the app's first load stays small.
const SharedConversationPage = lazy(() => import("./share/SharedConversationPage"));

function SignedInApp({ userId }: { userId: string }) {
  const manager = useSessionManager();
  useEffect(() => () => conversations.clear(), [userId]);
  return (
    <ApiProvider key={userId} manager={manager}>
      <AppRoutes />
    </ApiProvider>
  );
}

export function App() {
  const { checking, session } = useSessionState();
  // A shared conversation is public: shown the same to anyone, signed in or not.
  const shareToken = shareTokenOf(location.pathname);
  if (shareToken) {
    return (
      <Suspense fallback={null}>
        <SharedConversationPage token={shareToken} />
      </Suspense>
    );
  }
  // While a fresh page asks the server whether its cookie still signs it in, show nothing
  // rather than flash the sign-in form.
  if (checking) return <div className="app-checking" aria-busy="true" />;
  return <BrowserRouter>{session ? <SignedInApp userId={session.user.id} /> : <AuthPage />}</BrowserRouter>;
}
