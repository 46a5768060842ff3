import { instrumentClasses, MAX_TEXT, orderTypes, tradingModes, tradingStyles, type ModelForm, type ModelFormErrors } from "./model-form";
import { CheckboxGroup, describedBy, FieldShell, SelectField, Toggle } from "./fields";

interface Props {
  form: ModelForm;
  errors: ModelFormErrors;
  set: <K extends keyof ModelForm>(key: K, value: ModelForm[K]) => void;
}

function TextInput({
  form,
  errors,
  set,
  field,
  label,
  hint,
  type = "text",
}: Props & { field: "name" | "symbols" | "buyingPower"; label: string; hint?: string; type?: string }) {
  const id = `model-${field}`;
  return (
    <FieldShell id={id} label={label} error={errors[field]} hint={hint}>
      <input
        id={id}
        className="input"
        type={type}
        value={form[field]}
        inputMode={field === "buyingPower" ? "decimal" : undefined}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(id, errors[field], hint)}
        onChange={(event) => set(field, event.target.value)}
      />
    </FieldShell>
  );
}

function LongText({
  form,
  errors,
  set,
  field,
  label,
  hint,
}: Props & { field: "customRules" | "customInstructions"; label: string; hint: string }) {
  const id = `model-${field}`;
  const length = form[field].length;
  return (
    <FieldShell id={id} label={label} error={errors[field]} hint={hint}>
      <textarea
        id={id}
        className="textarea"
        rows={4}
        value={form[field]}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(id, errors[field], hint)}
        onChange={(event) => set(field, event.target.value)}
      />
      <span className={length > MAX_TEXT ? "counter over" : "counter"}>
        {length.toLocaleString()} / {MAX_TEXT.toLocaleString()}
      </span>
    </FieldShell>
  );
}

/**
 * The operator's allowed AI models; a model saved before its AI model was withdrawn shows that
 * one too, so the form never changes it silently (saving it again is refused with the reason).
 */
function AiModelSelect({ form, errors, set, aiModels }: Props & { aiModels: readonly string[] }) {
  const options = aiModels.includes(form.defaultAiModel) || !form.defaultAiModel ? aiModels : [form.defaultAiModel, ...aiModels];
  return (
    <SelectField
      id="model-defaultAiModel"
      label="AI model"
      value={form.defaultAiModel}
      options={options}
      error={errors.defaultAiModel}
      onChange={(v) => set("defaultAiModel", v)}
    />
  );
}

/** Every configuration field of models.create, grouped the way a trader thinks of them. */
export function ModelFormFields(props: Props & { aiModels: readonly string[] }) {
  const { form, errors, set } = props;
  return (
    <>
      <fieldset className="form-section">
        <legend>Basics</legend>
        <TextInput {...props} field="name" label="Name" />
        <AiModelSelect {...props} />
      </fieldset>
      <fieldset className="form-section">
        <legend>Trading</legend>
        <div className="form-grid">
          <SelectField
            id="model-tradingMode"
            label="Mode"
            value={form.tradingMode}
            options={tradingModes}
            error={errors.tradingMode}
            onChange={(v) => set("tradingMode", v)}
          />
          <SelectField
            id="model-tradingStyle"
            label="Style"
            value={form.tradingStyle}
            options={tradingStyles}
            error={errors.tradingStyle}
            onChange={(v) => set("tradingStyle", v)}
          />
          <SelectField
            id="model-instrument"
            label="Instrument"
            value={form.instrument}
            options={instrumentClasses}
            error={errors.instrument}
            onChange={(v) => set("instrument", v)}
          />
          <TextInput {...props} field="buyingPower" label="Buying power (USD)" type="number" />
        </div>
        <TextInput {...props} field="symbols" label="Symbols" hint="Tickers separated by commas, e.g. AAPL, MSFT. Leave empty for any." />
        <CheckboxGroup
          legend="Allowed order types"
          options={orderTypes}
          value={form.allowedOrderTypes}
          error={errors.allowedOrderTypes}
          onChange={(v) => set("allowedOrderTypes", v)}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>Account and permissions</legend>
        <Toggle
          id="model-marginAccount"
          label="Margin account"
          description="Trade on margin, beyond the cash balance."
          checked={form.marginAccount}
          onChange={(v) => set("marginAccount", v)}
        />
        <Toggle
          id="model-allowShorting"
          label="Allow shorting"
          description="Sell shares it does not own."
          checked={form.allowShorting}
          onChange={(v) => set("allowShorting", v)}
        />
        <Toggle
          id="model-allowOptionsStrategies"
          label="Allow options strategies"
          description="Spreads, covered calls and other multi-leg trades."
          checked={form.allowOptionsStrategies}
          onChange={(v) => set("allowOptionsStrategies", v)}
        />
        <Toggle
          id="model-allowHedging"
          label="Allow hedging"
          description="Hold offsetting positions to limit risk."
          checked={form.allowHedging}
          onChange={(v) => set("allowHedging", v)}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>Rules and instructions</legend>
        <LongText
          {...props}
          field="customRules"
          label="Custom rules"
          hint="Hard limits the model must respect, e.g. “No overnight holds.”"
        />
        <LongText {...props} field="customInstructions" label="Custom instructions" hint="How the model should behave or explain itself." />
      </fieldset>
    </>
  );
}
