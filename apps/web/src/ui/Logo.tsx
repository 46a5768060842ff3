export function Logo() {
  return (
    <span className="logo">
      <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path
          d="M9 10.5A2.5 2.5 0 0 1 11.5 8h9A2.5 2.5 0 0 1 23 10.5v6a2.5 2.5 0 0 1-2.5 2.5H15l-4.5 4v-4A1.5 1.5 0 0 1 9 17.5z"
          fill="#fff"
        />
      </svg>
      <span className="logo-word">Parley</span>
    </span>
  );
}
