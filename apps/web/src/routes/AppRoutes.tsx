import { lazy, Suspense } from "react";
import { Route, Routes, useParams } from "react-router";
import { parseId } from "../lib/route-context";
import { AppShell } from "../shell/AppShell";
import { NotFound } from "../ui/NotFound";
import { ActiveConversation } from "./ActiveConversation";
import { ChatRoute } from "./ChatRoute";

// The models screens are a separate chunk: most visits are to a conversation.
const ModelsPage = lazy(() => import("../models/ModelsPage"));
const ModelEditorPage = lazy(() => import("../models/ModelEditorPage"));
const ApiKeysPage = lazy(() => import("../keys/ApiKeysPage"));
const TransferPage = lazy(() => import("../transfer/TransferPage"));

function ModelHome() {
  const modelId = parseId(useParams().modelId);
  return modelId ? <ActiveConversation context={{ kind: "model", modelId }} /> : <NotFound what="model" />;
}

function PageFallback() {
  return (
    <div className="page" aria-busy="true">
      <div className="skeleton" style={{ height: 28, width: 220 }} />
      <div className="skeleton" style={{ height: 120, marginTop: 24 }} />
    </div>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<ActiveConversation context={{ kind: "general" }} />} />
        <Route path="c/new" element={<ChatRoute kind="general-new" />} />
        <Route path="c/:conversationId" element={<ChatRoute kind="general" />} />
        <Route path="m/:modelId" element={<ModelHome />} />
        <Route path="m/:modelId/new" element={<ChatRoute kind="model-new" />} />
        <Route path="m/:modelId/c/:conversationId" element={<ChatRoute kind="model" />} />
        <Route path="m/:modelId/runs/:runId/chat" element={<ChatRoute kind="run" />} />
        <Route
          path="models"
          element={
            <Suspense fallback={<PageFallback />}>
              <ModelsPage />
            </Suspense>
          }
        />
        <Route
          path="models/new"
          element={
            <Suspense fallback={<PageFallback />}>
              <ModelEditorPage />
            </Suspense>
          }
        />
        <Route
          path="models/:modelId/edit"
          element={
            <Suspense fallback={<PageFallback />}>
              <ModelEditorPage />
            </Suspense>
          }
        />
        <Route
          path="keys"
          element={
            <Suspense fallback={<PageFallback />}>
              <ApiKeysPage />
            </Suspense>
          }
        />
        <Route
          path="transfer"
          element={
            <Suspense fallback={<PageFallback />}>
              <TransferPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
