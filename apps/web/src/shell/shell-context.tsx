import { createContext, useContext } from "react";

export interface ShellControls {
  drawerOpen: boolean;
  openDrawer: () => void;
  closeDrawer: () => void;
  /** The Ctrl/Cmd+K search palette. */
  openPalette: () => void;
}

const nothing = () => undefined;
export const ShellContext = createContext<ShellControls>({
  drawerOpen: false,
  openDrawer: nothing,
  closeDrawer: nothing,
  openPalette: nothing,
});

export const useShell = () => useContext(ShellContext);
