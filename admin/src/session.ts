/** Who is using the panel, shared with every screen. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me } from "./types.ts";

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside a signed-in panel");
  return me;
}

export const useIsAdmin = (): boolean => useMe().role === "admin";
