import { describe, expect, it } from "vitest";
import { analyzeOptChange, detectOptChange } from "./optout.ts";

describe("detectOptChange", () => {
  it.each([
    "STOP",
    "stop",
    "Stop.",
    "STOP!!",
    "stop please",
    "STOPALL",
    "UNSUBSCRIBE",
    "Cancel",
    "END",
    "quit",
    "STOP STOP",
  ])("%s as the whole message opts out", (text) => {
    expect(detectOptChange(text)).toBe("opt_out");
  });

  it.each([
    "please stop messaging me",
    "Stop texting me",
    "Do not contact me again",
    "don't message me",
    "remove me from your list",
    "Take me off this list",
    "I want to opt out",
    "unsubscribe me please",
    "No more messages",
    "I found a place, please stop",
    "leave me alone",
  ])("phrase %s opts out", (text) => {
    expect(detectOptChange(text)).toBe("opt_out");
  });

  it.each([
    "is there a bus stop nearby?",
    "when does the lease end?",
    "can I cancel the viewing and come Sunday instead?",
    "I'd like to stop by on Saturday",
    "What time does the open house end",
    "I will quit my job soon but have savings",
    "does the tube stop close to it?",
    "Yes, I'd like to see it",
  ])("%s is NOT an opt-out", (text) => {
    expect(detectOptChange(text)).not.toBe("opt_out");
  });

  it.each(["START", "unstop", "YES", "yes please", "Please resume", "you can contact me again"])(
    "%s opts in",
    (text) => {
      expect(detectOptChange(text)).toBe("opt_in");
    },
  );

  it("flags bare keywords so decide() knows nothing else was asked", () => {
    expect(analyzeOptChange("START")).toEqual({ change: "opt_in", bare: true });
    expect(analyzeOptChange("please resume")).toEqual({ change: "opt_in", bare: true });
    expect(analyzeOptChange("Please resume, is the room still available?")).toEqual({
      change: "opt_in",
      bare: false,
    });
    expect(analyzeOptChange("Is it available")).toEqual({ change: null, bare: false });
  });

  it.each([
    "Quit messaging me",
    "pls stop msging me",
    "Please cease all communication.",
    "Never contact me again",
    "Don't reach out again, thanks",
    "I don't want to hear from you again",
    "please delete my details",
    "remove my number",
    "Por favor no me envíen más mensajes",
    "no me escriba más",
    "Darme de baja por favor",
    "BASTA",
    "Ne me contactez plus, merci.",
    "Arrêtez de m'envoyer des messages",
    "Bitte kontaktieren Sie mich nicht mehr.",
    "Pare de me mandar mensagens",
    "Non contattatemi più",
    "退订",
    "请不要再联系我",
    "Stopp",
  ])("%s opts out (other phrasings and languages)", (text) => {
    expect(detectOptChange(text)).toBe("opt_out");
  });

  it("reads START opening a message, set off by punctuation, as an opt-in with a question left", () => {
    expect(analyzeOptChange("START. Is it still available?")).toEqual({ change: "opt_in", bare: false });
    expect(analyzeOptChange("Start date?")).toEqual({ change: null, bare: false });
    expect(analyzeOptChange("Start messaging me again please")).toEqual({ change: "opt_in", bare: true });
  });

  it("prefers opt-out when both appear", () => {
    expect(detectOptChange("yes, stop messaging me")).toBe("opt_out");
  });
});
