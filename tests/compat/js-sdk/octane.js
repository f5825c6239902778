'use strict';
// The SDK's own configuration, read from the environment the runner sets.
const { Octane, Query } = require('@microfocus/alm-octane-js-rest-sdk');

function settings() {
  const server = process.env.TRELLIS_URL;
  if (!server) {
    throw new Error('TRELLIS_URL is not set (for example http://127.0.0.1:5000)');
  }

  return {
    server,
    sharedSpace: Number(process.env.TRELLIS_SHARED_SPACE ?? 1001),
    workspace: Number(process.env.TRELLIS_WORKSPACE ?? 1002),
    user: process.env.TRELLIS_USER ?? 'admin',
    password: process.env.TRELLIS_PASSWORD,
    headers: { ALM_OCTANE_TECH_PREVIEW: true },
  };
}

/** A new SDK client that has not signed in yet. */
function connect() {
  return new Octane(settings());
}

/** A unique prefix so each run's entities are its own. */
function prefix(label) {
  return `${label} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

module.exports = { connect, prefix, Octane, Query };
