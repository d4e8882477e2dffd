// Stand-in for `server-only` under vitest: the real package throws outside the react-server condition.
export {};
