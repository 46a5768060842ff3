import { useState, type FormEvent } from "react";
import { errorInfo } from "../api/errors";
import { AlertIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { useSessionManager } from "./session-context";
import { AuthField } from "./AuthField";
import { validateAuthForm, type AuthFields, type AuthMode } from "./validate-auth";

const titles: Record<AuthMode, { heading: string; submit: string; switchText: string; switchLabel: string }> = {
  signIn: { heading: "Welcome back", submit: "Sign in", switchText: "New to Parley?", switchLabel: "Create an account" },
  signUp: { heading: "Create your account", submit: "Create account", switchText: "Already have an account?", switchLabel: "Sign in" },
};

/** Shown in place of any page while signed out, so signing in lands where the link pointed. */
export function AuthPage() {
  const manager = useSessionManager();
  const [mode, setMode] = useState<AuthMode>("signIn");
  const [fields, setFields] = useState<AuthFields>({ email: "", password: "", displayName: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof AuthFields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = titles[mode];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateAuthForm(mode, fields);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (mode === "signIn") await manager.signIn({ email: fields.email, password: fields.password });
      else await manager.signUp({ email: fields.email, password: fields.password, displayName: fields.displayName });
    } catch (error) {
      const info = errorInfo(error);
      setErrors(Object.fromEntries(Object.entries(info.fieldErrors).map(([key, list]) => [key, list[0]])));
      setFormError(info.message);
      setBusy(false);
    }
  }

  const set = (key: keyof AuthFields) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [key]: event.target.value }));

  return (
    <main className="auth-page">
      <div className="auth-card">
        <Logo />
        <h1>{text.heading}</h1>
        <p className="auth-lede">Talk through your trading models and runs with an assistant that knows them.</p>
        <form onSubmit={submit} noValidate className="auth-form" aria-label={text.submit}>
          {formError && (
            <div className="alert alert-error" role="alert">
              <AlertIcon />
              <span>{formError}</span>
            </div>
          )}
          {mode === "signUp" && (
            <AuthField
              label="Your name"
              name="displayName"
              value={fields.displayName}
              error={errors.displayName}
              onChange={set("displayName")}
              autoComplete="name"
            />
          )}
          <AuthField
            label="Email"
            name="email"
            type="email"
            value={fields.email}
            error={errors.email}
            onChange={set("email")}
            autoComplete="email"
          />
          <AuthField
            label="Password"
            name="password"
            type="password"
            value={fields.password}
            error={errors.password}
            onChange={set("password")}
            autoComplete={mode === "signIn" ? "current-password" : "new-password"}
            hint={mode === "signUp" ? "At least 8 characters." : undefined}
          />
          <button type="submit" className="btn btn-primary btn-block auth-submit" disabled={busy}>
            {busy && <span className="spinner" />}
            {text.submit}
          </button>
        </form>
        <p className="auth-switch">
          {text.switchText}{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setMode(mode === "signIn" ? "signUp" : "signIn");
              setErrors({});
              setFormError(null);
            }}
          >
            {text.switchLabel}
          </button>
        </p>
      </div>
    </main>
  );
}
