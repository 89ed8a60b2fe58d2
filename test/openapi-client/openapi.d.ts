// Generated from openapi.json by openapi-typescript (npm run openapi); do not edit.
export interface paths {
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Users ordered by id, a page at a time. Walk the list with the Link header's rel="next" (keyset: `after=<id>`), which skips and repeats no user while others are added or deleted; X-Total-Count says how many there are.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Register a user
         * @description Creates an account (role user) from a trimmed name and a password; the new user's URL is in the Location header. It does not log in: POST /login does.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description One user by id, with its ETag: send it back in If-None-Match to get 304 while it is unchanged, and in If-Match to change it only if nobody else has.
         */
        get: operations["getUser"];
        /**
         * Replace a user
         * @description Sets every writable field of the user: the name. Needs the session of the user or of an admin.
         */
        put: operations["replaceUser"];
        post?: never;
        /**
         * Delete a user
         * @description Removes the account for good and ends all its sessions; the last admin cannot be removed. Any body is ignored. Needs the session of the user or of an admin.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /**
         * Change a user
         * @description Sets the fields given in the body and leaves the others as they are. A new password needs currentPassword when users change their own (an admin resets another's without it), and ends every other session of the user. Needs the session of the user or of an admin.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers 200 while the process serves requests, even while it sheds load.
         */
        get: operations["checkLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Answers 200 when the database and the session store (Redis, when configured) answer and the process is not shedding load, 503 otherwise.
         */
        get: operations["checkReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cookie": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Set a plain cookie
         * @description Sets `mycookie=test` and answers `Hello Cookie`; with `Accept: application/json`, answers JSON that also echoes the cookies the request carried under `received`.
         */
        get: operations["setPlainCookie"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cookie/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Log in with a signed cookie
         * @description Sets a signed `name` cookie (HttpOnly, SameSite=Lax, Path=/, Secure over TLS) that lives SESSION_TTL seconds, and redirects to /cookie/hello. The name is trimmed; control characters are refused. A link or form on another site is refused (403), so no site can log a visitor in under a name it chose. A browser (a client that prefers text/html) whose name is refused gets the login form back as HTML, with the message.
         */
        get: operations["cookieLogin"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cookie/hello": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Greet the cookie's name
         * @description With a valid signed `name` cookie younger than SESSION_TTL: `<name>님 안녕하세요` as text/plain; a client that prefers text/html (a browser) gets the greeting as an HTML page instead (content negotiation, `Vary: Accept`). Otherwise (absent, altered, signed with another secret, too old) the login form, and a bad cookie is cleared.
         */
        get: operations["cookieHello"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in
         * @description Starts a new session for the name and password, always under a new session id. A wrong password and an unknown name get the same 401. A form post (application/x-www-form-urlencoded) is answered 303 to the users page, or the login page with the message when refused; JSON with the session.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current session
         * @description Who is logged in and until when; using the session pushes its expiry back.
         */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's sessions
         * @description Every live session of the logged-in user, newest login first, each named by an opaque handle (never its id).
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        /**
         * End the other sessions
         * @description Ends every session of the logged-in user except this one ("log out everywhere else"). Any body is ignored.
         */
        delete: operations["endOtherSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log out
         * @description Deletes the session from the store and clears the cookie. Any body is ignored. A form post or a client that prefers HTML is answered 303 to the users page; others 204.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{handle}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End one session
         * @description Ends the logged-in user's session with this handle (the current one too: that is a logout). Any body is ignored.
         */
        delete: operations["endSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Error
         * @description The body of every JSON error
         */
        ErrorResponse: {
            statusCode: number;
            /** @description The HTTP reason phrase */
            error: string;
            /** @description What went wrong, for the person who sent the request */
            message: string;
            /** @description A stable error code, when there is one */
            code?: string;
            /** @description The id of the request, to find it in the service's log */
            requestId?: string;
        };
        /** User */
        User: {
            /** @description Assigned by the server */
            id: number;
            name: string;
            /**
             * @description admin may change every user; only `npm run user:admin` makes one
             * @enum {unknown}
             */
            role: "user" | "admin";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description Users ordered by id */
        UserList: components["schemas"]["User"][];
        UserInput: {
            /**
             * @description The user's name, 1 to 100 characters after leading and trailing spaces are trimmed; control characters are refused
             * @example Ada Lovelace
             */
            name: string;
        };
        UserPatch: {
            /**
             * @description The user's name, 1 to 100 characters after leading and trailing spaces are trimmed; control characters are refused
             * @example Ada Lovelace
             */
            name?: string;
            /** @description 8 to 128 characters of any kind (spaces and emoji too); a common password is refused */
            password?: string;
            /** @description Needed to change one's own password; an admin resetting another user's password leaves it out */
            currentPassword?: string;
        };
        Registration: {
            /**
             * @description The user's name, 1 to 100 characters after leading and trailing spaces are trimmed; control characters are refused
             * @example Ada Lovelace
             */
            name: string;
            /** @description 8 to 128 characters of any kind (spaces and emoji too); a common password is refused */
            password: string;
        };
        Credentials: {
            /**
             * @description The user's name, 1 to 100 characters after leading and trailing spaces are trimmed; control characters are refused
             * @example Ada Lovelace
             */
            name: string;
            /** @description The account's password */
            password: string;
        };
        /** Session */
        Session: {
            /** @description Who is logged in */
            user: {
                id: number;
                name: string;
                /**
                 * @description admin may change every user; only `npm run user:admin` makes one
                 * @enum {unknown}
                 */
                role: "user" | "admin";
            };
            /**
             * Format: date-time
             * @description When the session ends unless it is used again (never after its absolute lifetime)
             */
            expiresAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listUsers: {
        parameters: {
            query?: {
                /** @description How many users to return, 1 to 1000 */
                limit?: number;
                /** @description The page starts after this user id (keyset pagination: the Link header's rel="next" uses it, and no user is skipped or repeated while others are added or deleted) */
                after?: number;
                /** @description The page ends before this user id (the Link header's rel="prev") */
                before?: number;
                /** @description How many users to skip, 0 to 2147483647 (a page by position; prefer after, which inserts and deletes between pages cannot shift) */
                offset?: number;
            };
            header?: {
                /** @description ETags the client has: the current one gives 304 with no body */
                "if-none-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users */
            200: {
                headers: {
                    /** @description The version of the user (of a page: of its users), a strong entity tag */
                    ETag?: string;
                    /** @description RFC 8288 links to the first, next and previous pages (rel="first", "next", "prev") */
                    Link?: string;
                    /** @description How many users there are in all */
                    "X-Total-Count"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description Not modified: the tag in If-None-Match is current; the client's copy is good */
            304: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Registration"];
            };
        };
        responses: {
            /** @description The new user */
            201: {
                headers: {
                    /** @description The URL of the resource, relative to this server */
                    Location?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Refused, e.g. a form posted from another site */
            403: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Another user has this name (compared ignoring case, after NFC normalisation and trimming) */
            409: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not in a format this route takes */
            415: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETags the client has: the current one gives 304 with no body */
                "if-none-match"?: string;
            };
            path: {
                /** @description The user id, in decimal digits */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    /** @description The version of the user (of a page: of its users), a strong entity tag */
                    ETag?: string;
                    /** @description When the user last changed (HTTP date) */
                    "Last-Modified"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Not modified: the tag in If-None-Match is current; the client's copy is good */
            304: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No user has this id */
            404: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replaceUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the change is based on (or *): another version gives 412 and changes nothing */
                "if-match"?: string;
            };
            path: {
                /** @description The user id, in decimal digits */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserInput"];
            };
        };
        responses: {
            /** @description The user as changed, with its new ETag */
            200: {
                headers: {
                    /** @description The version of the user (of a page: of its users), a strong entity tag */
                    ETag?: string;
                    /** @description When the user last changed (HTTP date) */
                    "Last-Modified"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The session belongs to another user who is not an admin, or the request came from another site */
            403: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No user has this id */
            404: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Another user has this name (compared ignoring case, after NFC normalisation and trimming) */
            409: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Precondition failed: the user changed since the version in If-Match; nothing was changed */
            412: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not in a format this route takes */
            415: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the change is based on (or *): another version gives 412 and changes nothing */
                "if-match"?: string;
            };
            path: {
                /** @description The user id, in decimal digits */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The session belongs to another user who is not an admin, or the request came from another site */
            403: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No user has this id */
            404: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The user is the last admin */
            409: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Precondition failed: the user changed since the version in If-Match; nothing was changed */
            412: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the change is based on (or *): another version gives 412 and changes nothing */
                "if-match"?: string;
            };
            path: {
                /** @description The user id, in decimal digits */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserPatch"];
            };
        };
        responses: {
            /** @description The user as changed, with its new ETag */
            200: {
                headers: {
                    /** @description The version of the user (of a page: of its users), a strong entity tag */
                    ETag?: string;
                    /** @description When the user last changed (HTTP date) */
                    "Last-Modified"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The session belongs to another user who is not an admin, or the request came from another site */
            403: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No user has this id */
            404: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Another user has this name (compared ignoring case, after NFC normalisation and trimming) */
            409: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Precondition failed: the user changed since the version in If-Match; nothing was changed */
            412: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not in a format this route takes */
            415: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    checkLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process serves */
            200: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    checkReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every dependency answers */
            200: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description The database or the session store does not answer, or the process is shedding load */
            503: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    setPlainCookie: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Hello Cookie; Set-Cookie: mycookie=test */
            200: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                    "application/json": {
                        /** @enum {string} */
                        message: "Hello Cookie";
                        /** @description Every cookie the request carried, by name */
                        received: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cookieLogin: {
        parameters: {
            query: {
                /**
                 * @description The name to greet, 1 to 100 characters after trimming; control characters are refused
                 * @example 홍길동
                 */
                name: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged in: go to /cookie/hello */
            302: {
                headers: {
                    Location?: "/cookie/hello";
                    /** @description The signed name cookie: HttpOnly; SameSite=Lax; Path=/; Max-Age=SESSION_TTL; Secure over TLS */
                    "Set-Cookie"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Refused, e.g. a form posted from another site */
            403: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cookieHello: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The greeting for a valid, unexpired signed name cookie (text/plain, or an HTML page for a client that prefers text/html); otherwise the login form */
            200: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                    "text/html": string;
                };
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Credentials"];
                "application/x-www-form-urlencoded": components["schemas"]["Credentials"];
            };
        };
        responses: {
            /** @description Logged in; the session cookie is set */
            200: {
                headers: {
                    /** @description The session cookie `sessionId`: HttpOnly; SameSite=Lax; Path=/; Secure over TLS */
                    "Set-Cookie"?: string;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Logged in; Location points to the users page */
            303: {
                headers: {
                    /** @description The URL of the resource, relative to this server */
                    Location?: string;
                    /** @description The session cookie `sessionId`: HttpOnly; SameSite=Lax; Path=/; Secure over TLS */
                    "Set-Cookie"?: string;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Wrong name or password (the same answer for both) */
            401: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Refused, e.g. a form posted from another site */
            403: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not in a format this route takes */
            415: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A live session */
            200: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live sessions */
            200: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Names one session of the user; not its id, and no cookie can be made from it */
                        handle: string;
                        /**
                         * Format: date-time
                         * @description When the user logged in
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description When the session was last used
                         */
                        lastSeenAt: string;
                        /** @description The browser or client that logged in (its User-Agent, at most 200 characters) */
                        userAgent: string;
                        /** @description The client address of the login */
                        address: string;
                        /** @description True for the session this request came with */
                        current: boolean;
                    }[];
                };
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    endOtherSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Ignored: any body, or none */
        requestBody?: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Refused, e.g. a form posted from another site */
            403: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Ignored: any body, or none */
        requestBody?: {
            content: {
                "application/json": unknown;
                "application/x-www-form-urlencoded": unknown;
            };
        };
        responses: {
            /** @description Logged out; the session cookie is cleared */
            204: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Logged out; Location points to the users page */
            303: {
                headers: {
                    /** @description The URL of the resource, relative to this server */
                    Location?: string;
                    /** @description Clears the session cookie `sessionId` */
                    "Set-Cookie"?: string;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Refused, e.g. a form posted from another site */
            403: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    endSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Names one session of the user; not its id, and no cookie can be made from it */
                handle: string;
            };
            cookie?: never;
        };
        /** @description Ignored: any body, or none */
        requestBody?: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or breaks a rule of its schema; the message says which field and why */
            400: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No live session */
            401: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Refused, e.g. a form posted from another site */
            403: {
                headers: {
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The user has no live session with this handle */
            404: {
                headers: {
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description Requests allowed per time window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the window starts again */
                    "X-RateLimit-Reset"?: number;
                    /** @description no-store: the answer is about one person, so no cache may keep it */
                    "Cache-Control"?: string;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A service this route needs is not available, or the server is overloaded; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The id of this request in the service's log: the client's own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
