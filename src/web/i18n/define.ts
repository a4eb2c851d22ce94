// Each feature keeps its own strings in both languages; the English table must have exactly the
// keys of the Chinese one (checked by the compiler).

export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export interface MessageBundle {
  ns: string;
  zh: object;
  en: object;
}

export function defineMessages<const T extends object>(ns: string, zh: T, en: Messages<T>): MessageBundle {
  return { ns, zh, en };
}
