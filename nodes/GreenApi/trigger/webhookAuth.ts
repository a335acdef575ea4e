import { createHash, timingSafeEqual } from 'crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether the Authorization header carries our token, compared in constant time. Hashing both
 * sides first keeps the comparison constant even for inputs of different lengths.
 */
export function hasOurToken(header: unknown, token: unknown): boolean {
	if (typeof token !== 'string' || token === '' || typeof header !== 'string') return false;
	return timingSafeEqual(digest(header.trim()), digest(`Bearer ${token}`));
}
