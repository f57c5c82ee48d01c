/** `T` without its index signature: only the fields openapi/ names (the generated types are open). */
export type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** Every named field of `T` optional and without `null`: parameters that are sent only when given. */
export type Given<T> = { [K in keyof Known<T>]?: NonNullable<Known<T>[K]> };
