import { describe, expect, it } from "vitest";
import { isOtherLanguage } from "./language.ts";

describe("isOtherLanguage", () => {
  it.each([
    "Hola, ¿sigue disponible la habitación? Me gustaría verla este fin de semana.",
    "hola cuanto es la renta? y se puede ver mañana?",
    "Bonjour, l'appartement est-il disponible en octobre ? Merci",
    "Olá, o apartamento ainda está disponível? Posso visitar no sábado?",
    "Hallo, ist die Wohnung noch frei? Wann kann ich sie besichtigen?",
    "你好，这个房间还在吗？",
    "Здравствуйте, квартира ещё свободна?",
    "Xin chào, căn hộ còn trống không? Tôi có thể xem nhà vào thứ bảy không?",
    "Is the room available? tengo dos niños",
  ])("%s is another language", (text) => {
    expect(isOtherLanguage(text)).toBe(true);
  });

  it.each([
    "Hola! Is the room still available? Gracias",
    "Can José and I view the room near the café on Saturday?",
    "Is it close to Los Angeles? I'm a non-smoker, per month budget $900",
    "Merci! Can I see it Sunday?",
    "Is the room still available? 🙂",
    "Is it near the Costa on the high street?",
  ])("%s is English", (text) => {
    expect(isOtherLanguage(text)).toBe(false);
  });
});
