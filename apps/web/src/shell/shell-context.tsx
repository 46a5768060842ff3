import { createContext, useContext } from "react";

export interface ShellControls {
  drawerOpen: boolean;
  openDrawer: () => void;
  closeDrawer: () => void;
}

export const ShellContext = createContext<ShellControls>({ drawerOpen: false, openDrawer: () => undefined, closeDrawer: () => undefined });

export const useShell = () => useContext(ShellContext);
