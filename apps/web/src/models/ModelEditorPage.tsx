import { ModelHistory } from "../details/ModelHistory";
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { errorInfo, isNotFound } from "../api/errors";
import { useTRPC } from "../api/trpc";
import type { Model } from "../api/types";
import { parseId } from "../lib/route-context";
import { AlertIcon } from "../ui/icons";
import { NotFound } from "../ui/NotFound";
import {
  configFromForm,
  emptyModelForm,
  formFromModel,
  serverFieldErrors,
  validateModelForm,
  type ModelForm,
  type ModelFormErrors,
} from "./model-form";
import { ModelFormFields } from "./ModelFormFields";
import "../styles/models.css";

/** Create a model (/models/new) or edit one (/models/:modelId/edit). */
export default function ModelEditorPage() {
  const trpc = useTRPC();
  const rawId = useParams().modelId;
  const modelId = parseId(rawId);
  const existing = useQuery(trpc.models.get.queryOptions(modelId ? { modelId } : skipToken));
  if (rawId !== undefined && !modelId) return <NotFound what="model" />;
  if (isNotFound(existing.error)) return <NotFound what="model" />;
  if (modelId && !existing.data) return <EditorSkeleton />;
  return <ModelEditor key={modelId ?? "new"} model={existing.data ?? null} />;
}

function ModelEditor({ model }: { model: Model | null }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.models.create.mutationOptions());
  const update = useMutation(trpc.models.update.mutationOptions());
  // Only the AI models the operator allows are offered (the server refuses the others).
  const aiModels = useQuery(trpc.models.aiModels.queryOptions()).data?.allowed ?? [];
  const [form, setForm] = useState<ModelForm>(() => (model ? formFromModel(model) : emptyModelForm));
  const [errors, setErrors] = useState<ModelFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const busy = create.isPending || update.isPending;

  useEffect(() => {
    document.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [errors]);

  const set = <K extends keyof ModelForm>(key: K, value: ModelForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateModelForm(form);
    setErrors(found);
    setFormError(null);
    if (Object.values(found).some(Boolean)) return;
    try {
      const config = configFromForm(form);
      const saved = model ? await update.mutateAsync({ modelId: model.id, changes: config }) : await create.mutateAsync(config);
      queryClient.setQueryData(trpc.models.get.queryKey({ modelId: saved.id }), saved);
      await queryClient.invalidateQueries(trpc.models.versions.queryFilter({ modelId: saved.id }));
      await queryClient.invalidateQueries(trpc.models.list.pathFilter());
      void navigate(model ? `/m/${saved.id}` : `/m/${saved.id}/new`);
    } catch (error) {
      const info = errorInfo(error);
      setErrors(serverFieldErrors(info.message));
      setFormError(info.message);
    }
  }

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <div>
          <Link to="/models" className="back-link">
            ← Models
          </Link>
          <h1>{model ? `Edit ${model.name}` : "New model"}</h1>
        </div>
      </header>
      <form className="model-form" onSubmit={submit} noValidate aria-label={model ? "Edit model" : "Create model"}>
        {formError && (
          <div className="alert alert-error" role="alert">
            <AlertIcon />
            <span>{formError}</span>
          </div>
        )}
        <ModelFormFields form={form} errors={errors} set={set} aiModels={aiModels} />
        <div className="form-actions">
          <Link to={model ? `/m/${model.id}` : "/models"} className="btn">
            Cancel
          </Link>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy && <span className="spinner" />}
            {model ? "Save changes" : "Create model"}
          </button>
        </div>
      </form>
      {model && <ModelHistory modelId={model.id} />}
    </div>
  );
}

function EditorSkeleton() {
  return (
    <div className="page page-narrow" aria-busy="true">
      <div className="skeleton" style={{ height: 32, width: 260 }} />
      {[1, 2, 3].map((n) => (
        <div key={n} className="skeleton" style={{ height: 160, marginTop: 20 }} />
      ))}
    </div>
  );
}
