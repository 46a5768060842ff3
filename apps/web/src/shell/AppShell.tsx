import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Outlet, useLocation } from "react-router";
import { useReconnecting } from "../api/connection-state";
import { MOBILE_QUERY, useMediaQuery } from "../lib/use-media-query";
import { CommandPalette } from "../find/CommandPalette";
import { UndoProvider } from "../find/UndoToast";
import { usePaletteShortcut } from "../find/use-palette-shortcut";
import { Sidebar } from "../sidebar/Sidebar";
import { useAccountEvents } from "../sync/use-account-events";
import { ShellContext } from "./shell-context";

/** Sidebar beside the page; on phones the sidebar is a drawer over it. */
export function AppShell() {
  const mobile = useMediaQuery(MOBILE_QUERY);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawer = useRef<HTMLElement>(null);
  const location = useLocation();
  const palette = usePaletteShortcut();
  useAccountEvents();
  const openDrawer = useCallback(() => setDrawerOpen(true), []);
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);
  const openPalette = useCallback(() => palette.setOpen(true), [palette]);
  const controls = useMemo(
    () => ({ drawerOpen, openDrawer, closeDrawer, openPalette }),
    [drawerOpen, openDrawer, closeDrawer, openPalette],
  );

  useEffect(() => setDrawerOpen(false), [location.pathname, mobile]);

  useEffect(() => {
    if (!drawerOpen) return;
    drawer.current?.querySelector<HTMLElement>("button, a")?.focus();
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setDrawerOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [drawerOpen]);

  const hidden = mobile && !drawerOpen;
  const reconnecting = useReconnecting();
  return (
    <ShellContext.Provider value={controls}>
      <UndoProvider>
        <a href="#main" className="skip-link">
          Skip to conversation
        </a>
        <div className={drawerOpen ? "shell drawer-open" : "shell"}>
          <aside
            ref={drawer}
            className="sidebar"
            aria-label="Sidebar"
            data-testid="sidebar"
            inert={hidden}
            role={mobile ? "dialog" : undefined}
            aria-modal={mobile && drawerOpen ? true : undefined}
          >
            <Sidebar />
          </aside>
          {mobile && drawerOpen && <div className="drawer-backdrop" onClick={closeDrawer} aria-hidden="true" />}
          <main id="main" className="main" inert={mobile && drawerOpen}>
            {reconnecting && (
              <div className="connection-banner" role="status" data-testid="connection-banner">
                Reconnecting…
              </div>
            )}
            <Outlet />
          </main>
        </div>
        {palette.open && <CommandPalette onClose={() => palette.setOpen(false)} />}
      </UndoProvider>
    </ShellContext.Provider>
  );
}
