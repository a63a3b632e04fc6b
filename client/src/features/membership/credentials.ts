import { email, password } from '@samla/shared';

/** The same rules as the server: an email address it accepts, and a password of at least 10 characters. */
export const isValidEmail = (value: string): boolean => email.safeParse(value).success;
export const isValidPassword = (value: string): boolean => password.safeParse(value).success;
