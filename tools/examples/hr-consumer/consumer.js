#!/usr/bin/env node
// An HR system's consumer of Escala's promotion decisions, as an integration would write it.
//
// It watches EventService.WatchEvents for promotion events and level changes, records every
// approved promotion once in its state file (the stand-in for the HR system's own database),
// and stores the resume token of the last event it processed in the same file, written
// atomically with the record. So it survives a restart of the server or of itself without losing
// or repeating a decision: the feed is at-least-once in commit order, and an event already
// recorded (same case) is skipped.
//
//   node consumer.js --server HOST:PORT --token-file FILE --state FILE [--stop-after N]
//
// --stop-after N exits 0 once N decisions are recorded (for tests); otherwise it runs until
// interrupted. An expired resume token (FAILED_PRECONDITION, RESUME_TOKEN_EXPIRED) exits 3: the
// integration must then list again and watch from the list's event_watermark.
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_ROOT = path.resolve(__dirname, '../../../protos');
// The well-known types (google/protobuf/*.proto) as Debian's protobuf compiler installs them.
const INCLUDE_DIRS = [PROTO_ROOT, '/usr/include'];
const RECONNECT_MS = 500;

function parseArgs(argv) {
  const args = { stopAfter: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) usage(`${flag} needs a value`);
    if (flag === '--server') args.server = value;
    else if (flag === '--token-file') args.tokenFile = value;
    else if (flag === '--state') args.state = value;
    else if (flag === '--stop-after') args.stopAfter = Number(value);
    else usage(`unknown flag ${flag}`);
  }
  if (!args.server || !args.tokenFile || !args.state) usage('--server, --token-file and --state are required');
  return args;
}

function usage(problem) {
  console.error(`hr-consumer: ${problem}\nusage: consumer.js --server HOST:PORT --token-file FILE --state FILE [--stop-after N]`);
  process.exit(2);
}

// The state: the resume token of the last event processed and the decisions recorded.
function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return { resumeToken: '', decisions: [] };
    throw e;
  }
}

// Written to a temporary file and renamed over the old one: a crash leaves the old state or the
// new one, never half of each.
function writeState(file, state) {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state, null, 2));
  fs.renameSync(temporary, file);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const token = fs.readFileSync(args.tokenFile, 'utf8').trim();
  const definition = protoLoader.loadSync('escala/v1/events.proto', {
    includeDirs: INCLUDE_DIRS, keepCase: true, longs: String, enums: String, defaults: true,
  });
  const escala = grpc.loadPackageDefinition(definition).escala.v1;
  // For the data of an event: a google.protobuf.Any holding an escala.v1.PromotionCase.
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    for (const dir of INCLUDE_DIRS) {
      const candidate = path.join(dir, target);
      if (fs.existsSync(candidate)) return candidate;
    }
    return target;
  };
  root.loadSync('escala/v1/promotion_cases.proto', { keepCase: true });
  const PromotionCase = root.lookupType('escala.v1.PromotionCase');

  const client = new escala.EventService(args.server, grpc.credentials.createInsecure());
  const state = readState(args.state);
  const recorded = new Set(state.decisions.map((d) => d.case_id));

  function done() {
    return args.stopAfter > 0 && state.decisions.length >= args.stopAfter;
  }

  function handle(event) {
    if (event.type === 'escala.promotion.decision.approved.v1' && event.data) {
      const decision = PromotionCase.toObject(PromotionCase.decode(event.data.value),
                                              { longs: String, enums: String });
      const caseId = String(decision.id);
      if (!recorded.has(caseId)) {
        recorded.add(caseId);
        state.decisions.push({
          case_id: caseId, event_id: event.id, employee_id: decision.employee_id,
          from_level: decision.from_level, to_level: decision.to_level,
          effective_date: decision.effective_date,
        });
        console.log(`recorded promotion case ${caseId}: ${decision.employee_id} L${decision.from_level} -> L${decision.to_level} effective ${decision.effective_date}`);
      }
    }
    state.resumeToken = event.resume_token;
    writeState(args.state, state);
  }

  function watch() {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    const call = client.WatchEvents({
      resume_token: state.resumeToken,
      type_prefixes: ['escala.promotion.decision.', 'escala.people.level.'],
    }, metadata);
    let ended = false;
    const reconnect = (why) => {
      if (ended) return;
      ended = true;
      if (done()) process.exit(0);
      console.error(`stream ended (${why}); resuming in ${RECONNECT_MS} ms`);
      setTimeout(watch, RECONNECT_MS);
    };
    call.on('data', (message) => {
      if (message.event) handle(message.event);
      else if (message.progress) {
        // Everything up to here was delivered or is not for this consumer: resume after it.
        state.resumeToken = message.progress.resume_token;
        writeState(args.state, state);
      }
      if (done()) {
        call.cancel();
        process.exit(0);
      }
    });
    call.on('error', (error) => {
      if (error.code === grpc.status.FAILED_PRECONDITION) {
        console.error(`resume token refused: ${error.details}; list again and watch from the list's event_watermark`);
        process.exit(3);
      }
      reconnect(`${grpc.status[error.code] || error.code}: ${error.details}`);
    });
    call.on('end', () => reconnect('end of stream'));
  }
  watch();
}

main();
