export declare const BASE_SECURITY_HEADERS: Readonly<Record<string, string>>;
export declare const API_CSP: string;
