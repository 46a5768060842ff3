import { lazy, Suspense, useEffect } from "react";
import { BrowserRouter } from "react-router";
import { ApiProvider } from "./api/ApiProvider";
import { AuthPage } from "./auth/AuthPage";
import { useSessionManager, useStoredSession } from "./auth/session-context";
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
  const session = useStoredSession();
  // A shared conversation is public: shown the same to anyone, signed in or not.
  const shareToken = shareTokenOf(location.pathname);
  if (shareToken) {
    return (
      <Suspense fallback={null}>
        <SharedConversationPage token={shareToken} />
      </Suspense>
    );
  }
  return <BrowserRouter>{session ? <SignedInApp userId={session.user.id} /> : <AuthPage />}</BrowserRouter>;
}
