#!/usr/bin/env bash
# Quick start: build Escala and run the server on this machine with a SQLite database.
#   tools/run.sh [--db PATH] [--port N]
#
# PATH defaults to var/escala.db in the repository, N to $ESCALA_PORT or 50051. When the database
# file does not exist yet, an administrator token is issued into admin.token next to it (mode
# 0600; reused on later starts), and the demo data set (teams, people, 30 days of interactions,
# a published scorecard and the QA work done with it: evaluations and disputes, a sampling plan
# with its review queues, calibration sessions; a training catalogue and sessions) is loaded with
# it once the server answers, along with demo-tokens.txt: tokens of a demo agent, team lead,
# QA analyst, manager and trainer. The server runs in the foreground; Ctrl-C stops it.
set -euo pipefail

ESCALA_SCRIPT_NAME="run.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly HEALTH_TIMEOUT_SECONDS=30

# usage [STATUS]: print the usage and exit, with 2 (a usage error) unless told otherwise.
usage() {
  cat >&2 <<'EOF'
usage: tools/run.sh [--db PATH] [--port N]
  --db PATH   SQLite database file (default: var/escala.db in the repository); admin.token
              and demo-tokens.txt are kept in the same directory
  --port N    port on 127.0.0.1 to listen on (default: $ESCALA_PORT or 50051)
EOF
  exit "${1:-2}"
}

db_path="$ESCALA_ROOT/var/escala.db"
port="${ESCALA_PORT:-50051}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) [[ $# -ge 2 ]] || usage; db_path="$2"; shift 2 ;;
    --db=*) db_path="${1#--db=}"; shift ;;
    --port) [[ $# -ge 2 ]] || usage; port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    -h | --help) usage 0 ;;
    *) escala_log "unknown argument: $1"; usage ;;
  esac
done

# Port 0 would make the server pick a port that this script could not tell the client about.
if [[ ! "$port" =~ ^[0-9]+$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
  escala_die "--port must be a number from 1 to 65535, got '$port'"
fi
port=$((10#$port))
[[ -n "$db_path" ]] || escala_die "--db must not be empty"
# A relative --db is the caller's, not the repository's; the server gets an absolute path so that
# its working directory does not matter.
db_path="$(realpath -m -- "$db_path")"
# The database URL is a space-separated list of key=value pairs, so a space would split it.
if [[ "$db_path" =~ [[:space:]] ]]; then
  escala_die "the database path must not contain white space: '$db_path'"
fi
if [[ -d "$db_path" ]]; then
  escala_die "--db must name a file, '$db_path' is a directory"
fi

address="127.0.0.1:$port"
# Checked before the build so that a busy port is reported at once, not after minutes of
# compiling. bash's /dev/tcp connects only if something is listening there.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}
if port_in_use; then
  escala_die "port $port on 127.0.0.1 is already in use (another escala-server?); choose another with --port N or ESCALA_PORT=N"
fi

escala_ensure_packages
build_dir="$(escala_build_dir)"
escala_build "$build_dir"

server="$build_dir/server/escala-server"
client="$build_dir/client/escala"
demo="$build_dir/tools/demo/escala-demo"
for binary in "$server" "$client" "$demo"; do
  [[ -x "$binary" ]] || escala_die "$binary was not built"
done

# The port may have been taken while we were building.
if port_in_use; then
  escala_die "port $port on 127.0.0.1 is already in use; choose another with --port N or ESCALA_PORT=N"
fi

state_dir="$(dirname "$db_path")"
admin_token_file="$state_dir/admin.token"
demo_tokens_file="$state_dir/demo-tokens.txt"
demo_promotions_file="$state_dir/demo-promotions.txt"
mkdir -p "$state_dir"
first_start=false
[[ -e "$db_path" ]] || first_start=true

# Every call needs a token. A new database gets its first administrator token from the server
# binary itself; a database from before tokens existed, or whose token file was deleted, gets a
# new one the same way (it may be run any time). The secret goes straight into the file, never to
# the terminal.
if [[ "$first_start" == true || ! -s "$admin_token_file" ]]; then
  escala_log "issuing an administrator token into $admin_token_file"
  if ! admin_token="$("$server" --bootstrap_admin=admin --db="sqlite3://db=$db_path")" ||
    [[ -z "$admin_token" ]]; then
    # A database this run created holds nothing yet; leaving it would make the next start skip
    # the demo data.
    if [[ "$first_start" == true ]]; then
      rm -f -- "$db_path" "$db_path-journal" "$db_path-wal" "$db_path-shm"
    fi
    escala_die "escala-server --bootstrap_admin failed (see its messages above)"
  fi
  # A fresh file under umask 077 is never readable by others, not even for a moment.
  rm -f -- "$admin_token_file.tmp"
  (
    umask 077
    printf '%s\n' "$admin_token" >"$admin_token_file.tmp"
  )
  mv -f -- "$admin_token_file.tmp" "$admin_token_file"
else
  admin_token="$(head -n 1 -- "$admin_token_file")"
fi

escala_log "starting $server on $address with $db_path"
"$server" --listen="$address" --plaintext --db="sqlite3://db=$db_path" &
server_pid=$!

# A background job of a non-interactive shell starts with SIGINT ignored, so Ctrl-C would not
# reach the server by itself: both signals become SIGTERM, the server's graceful shutdown. A
# second Ctrl-C means "now".
stop_requested=false
# shellcheck disable=SC2317  # reached through the traps, which shellcheck does not follow
forward_stop() {
  if [[ "$stop_requested" == true ]]; then
    escala_log "stopping the server at once"
    kill -KILL "$server_pid" 2>/dev/null || true
  else
    stop_requested=true
    escala_log "stopping the server (Ctrl-C again to kill it)"
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
}
trap forward_stop INT TERM
# Whatever ends this script, including an error of its own, must not leave a server behind.
trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT

# wait_for_server: return the server's exit status once it has exited. `wait` returns early,
# with a status above 128, whenever a trapped signal comes in, so it is repeated while the server
# lives; bash keeps a reaped child's status, so the last `wait` always reports the real one.
wait_for_server() {
  local status=0
  while kill -0 "$server_pid" 2>/dev/null; do
    wait "$server_pid" 2>/dev/null || true
  done
  wait "$server_pid" 2>/dev/null || status=$?
  return "$status"
}

server_exited_early() {
  local status=0
  wait_for_server || status=$?
  # A database file this run created for a server that never became ready would make the next
  # start skip the demo data; it held nothing before, so it goes.
  if [[ "$first_start" == true ]]; then
    rm -f -- "$db_path" "$db_path-journal" "$db_path-wal" "$db_path-shm" "$admin_token_file"
  fi
  if [[ "$stop_requested" == true ]]; then
    exit "$status"
  fi
  if port_in_use; then
    escala_die "the server exited with status $status: port $port on 127.0.0.1 is in use"
  fi
  escala_die "the server exited with status $status before it was ready (see its messages above)"
}

# Wait for health on every start, so that the "serving" message below is true when printed.
deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
until "$client" --server "$address" health >/dev/null 2>&1; do
  kill -0 "$server_pid" 2>/dev/null || server_exited_early
  if [[ $SECONDS -ge $deadline ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait_for_server || true
    escala_die "the server did not answer health checks within ${HEALTH_TIMEOUT_SECONDS} s"
  fi
  sleep 0.3
done

# The promotion side of the demo, through the CLI as a manager and an HR system would use it: an
# HR service account with a token (added to the demo tokens as "hr_system") and the cases of the
# promotion story's agents (written by escala-demo to demo-promotions.txt): the first ready agent
# promoted to L2 today, the second under review, and the regressing one promoted weeks ago
# (acknowledged by HR) and flagged since. The other ready agents and the nearly ready one have no
# case: the eligibility table shows them.
stage_demo_promotions() {
  local cli=("$client" --server "$address") hr_secret promoted reviewed regressing since case_id
  if ESCALA_TOKEN="$admin_token" "${cli[@]}" service-accounts create --account-id hr-sync \
      --display-name "HR system" --role hr-system >/dev/null &&
    hr_secret="$(ESCALA_TOKEN="$admin_token" "${cli[@]}" --output json tokens create \
      --principal serviceAccounts/hr-sync --description "demo HR system" |
      sed -n 's/^ *"secret": *"\([^"]*\)".*/\1/p')" && [[ -n "$hr_secret" ]]; then
    printf 'hr_system hr-sync HR_system %s\n' "$hr_secret" >>"$demo_tokens_file"
  else
    escala_log "warning: creating the demo HR service account failed"
    return 0
  fi
  promoted="$(awk '$1 == "ready" { print $2; exit }' "$demo_promotions_file")" || true
  reviewed="$(awk '$1 == "ready" && ++n == 2 { print $2 }' "$demo_promotions_file")" || true
  regressing="$(awk '$1 == "regressing" { print $2 }' "$demo_promotions_file")" || true
  since="$(awk '$1 == "regressing" { print $3 }' "$demo_promotions_file")" || true
  if [[ -z "$promoted" || -z "$reviewed" || -z "$regressing" || -z "$since" ]]; then
    escala_log "warning: no agents for the demo promotion cases in $demo_promotions_file"
    return 0
  fi
  # demo_case PERSON REASON: nominates PERSON under l1-to-l2 and prints the case id.
  demo_case() {
    ESCALA_TOKEN="$admin_token" "${cli[@]}" --output json promotion nominate "$1" \
      --policy l1-to-l2 --reason "$2" |
      sed -n 's/^ *"id": *"\{0,1\}\([0-9]*\)"\{0,1\},*$/\1/p'
  }
  # demo_promote CASE DATE REFERENCE: reviewed, approved effective DATE, applied by HR.
  demo_promote() {
    ESCALA_TOKEN="$admin_token" "${cli[@]}" promotion review "$1" >/dev/null &&
      ESCALA_TOKEN="$admin_token" "${cli[@]}" promotion approve "$1" --effective "$2" \
        --reason "Evidence reviewed with the team lead" >/dev/null &&
      ESCALA_TOKEN="$hr_secret" "${cli[@]}" promotion acknowledge "$1" --hr-system workday \
        --state applied --effective "$2" --reference "WD-JC-$1" >/dev/null
  }
  if case_id="$(demo_case "$regressing" "Strong quarter; ready for second line")" &&
    [[ -n "$case_id" ]] && demo_promote "$case_id" "$since" &&
    case_id="$(demo_case "$promoted" "Leads the team's escalations; ready for L2")" &&
    [[ -n "$case_id" ]] && demo_promote "$case_id" "$(date -u +%F)" &&
    case_id="$(demo_case "$reviewed" "Asked for by the team lead")" && [[ -n "$case_id" ]] &&
    ESCALA_TOKEN="$admin_token" "${cli[@]}" promotion review "$case_id" >/dev/null; then
    escala_log "demo promotion cases: $regressing promoted to L2 on $since, $promoted today (both acknowledged by HR), $reviewed under review"
    # The maintenance check runs hourly; run it now so that the slip since $since shows.
    ESCALA_TOKEN="$admin_token" "${cli[@]}" promotion flag check >/dev/null ||
      escala_log "warning: the demo regression check failed"
  else
    escala_log "warning: staging the demo promotion cases failed"
  fi
}

if [[ "$first_start" == true ]]; then
  escala_log "new database: loading the demo data"
  # Tokens of an earlier database would not work with this one.
  rm -f -- "$demo_tokens_file" "$demo_promotions_file"
  # The token goes in the environment rather than on the command line, where every user of the
  # machine could read it in the process list.
  if ESCALA_TOKEN="$admin_token" "$demo" --server "$address" \
    --demo_tokens_file="$demo_tokens_file" --demo_promotions_file="$demo_promotions_file"; then
    escala_log "demo data loaded"
    # The SLA policy the demo interactions are measured against; published now, it applies to
    # the 30 days of history as their first version.
    if ESCALA_TOKEN="$admin_token" "$client" --server "$address" sla create \
        --file "$ESCALA_ROOT/tools/demo/sla/support-sla.json" >/dev/null &&
      ESCALA_TOKEN="$admin_token" "$client" --server "$address" sla publish support >/dev/null; then
      escala_log "demo SLA policy 'support' published"
    else
      escala_log "warning: publishing the demo SLA policy failed"
    fi
    # The department's L1 -> L2 promotion policy, written as a file like the scorecards.
    if ESCALA_TOKEN="$admin_token" "$client" --server "$address" promotion policy create \
        --file "$ESCALA_ROOT/tools/demo/promotion/l1-to-l2.yaml" >/dev/null &&
      ESCALA_TOKEN="$admin_token" "$client" --server "$address" promotion policy publish \
        l1-to-l2 >/dev/null; then
      escala_log "demo promotion policy 'l1-to-l2' published"
      stage_demo_promotions
    else
      escala_log "warning: publishing the demo promotion policy failed"
    fi
  else
    # The file exists now, so the next start will not load the data again; the generator is
    # idempotent, so the command below finishes the job without duplicating anything.
    escala_log "warning: loading the demo data failed; to retry, run:"
    escala_log "  ESCALA_TOKEN=\"\$(cat $admin_token_file)\" $demo --server $address --demo_tokens_file=$demo_tokens_file --demo_promotions_file=$demo_promotions_file"
  fi
fi

if [[ "$stop_requested" == true ]]; then
  status=0
  wait_for_server || status=$?
  exit "$status"
fi

# relative_path PATH: PATH relative to the caller's directory when it is inside it, as the
# build and var/ usually are; otherwise as it is.
relative_path() {
  local rel
  rel="$(realpath -m --relative-to=. -- "$1")"
  if [[ "$rel" == ../* ]]; then
    rel="$1"
  fi
  printf '%s\n' "$rel"
}
rel_client="$(relative_path "$client")"
rel_admin_token="$(relative_path "$admin_token_file")"
rel_demo_tokens="$(relative_path "$demo_tokens_file")"
rel_demo_promotions="$(relative_path "$demo_promotions_file")"
# Printed for pasting into a shell; the paths hold no white space (checked above for the database).
token_arg="--token \"\$(cat $rel_admin_token)\""
cat >&2 <<EOF

Escala is serving on $address (database: $db_path).
Every call but health needs a token; the administrator's is in $rel_admin_token (keep it
private). In another terminal:
  $rel_client --server $address health
  $rel_client --server $address $token_arg teams list
  $rel_client --server $address $token_arg people list
  $rel_client --server $address $token_arg interactions list
  (or: export ESCALA_SERVER=$address; $rel_client login --token-file $rel_admin_token
   saves the token in the escala config file; then leave out --server and --token)
EOF
if [[ -s "$demo_tokens_file" ]]; then
  cat >&2 <<EOF
Tokens of demo people, to see what each role may see, are in $rel_demo_tokens
(lines: role employee_id display_name token); e.g. as the demo agent, then their team lead:
  $rel_client --server $address --token "\$(awk '\$1 == "agent" { print \$NF }' $rel_demo_tokens)" interactions list
  $rel_client --server $address --token "\$(awk '\$1 == "team_lead" { print \$NF }' $rel_demo_tokens)" interactions list
The QA department is at work too: evaluations (some acknowledged, one dispute open), a weekly
sampling plan with review queues for its last two weeks, and calibration sessions 1 (closed)
and 2 (open); as the team lead and the QA analyst:
  lead="\$(awk '\$1 == "team_lead" { print \$NF }' $rel_demo_tokens)"; qa="\$(awk '\$1 == "qa_analyst" { print \$NF }' $rel_demo_tokens)"
  $rel_client --server $address --token "\$lead" queue                 # then: evaluate INTERACTION
  $rel_client --server $address --token "\$lead" evaluations list
  $rel_client --server $address --token "\$lead" disputes list
  $rel_client --server $address --token "\$lead" qa averages
  $rel_client --server $address --token "\$qa" calibration results 1
  $rel_client --server $address --token "\$qa" calibration leniency
The trainers have a catalogue for every role and sessions around today (two closed, one
delivered and waiting to be closed, a two-seat one with the demo agent first on its waitlist,
one with a request waiting for approval) and QA rules that recommended courses to the agents
whose criterion scores are low; as a trainer, then as the demo agent:
  trainer="\$(awk '\$1 == "trainer" { print \$NF }' $rel_demo_tokens)"
  $rel_client --server $address --token "\$trainer" courses list
  $rel_client --server $address --token "\$trainer" sessions list
  $rel_client --server $address --token "\$trainer" sessions roster SESSION_ID
  $rel_client --server $address --token "\$trainer" enrolments list --state requested
  $rel_client --server $address --token "\$trainer" training recommendations   # from the QA results
  $rel_client --server $address --token "\$(awk '\$1 == "agent" { print \$NF }' $rel_demo_tokens)" enrolments list
Their training history came from the previous system (imported completions): certifications
held, some expiring within 30 days, one expired, and the agents' learning path part done:
  $rel_client --server $address --token "\$trainer" certifications expiring
  $rel_client --server $address --token "\$trainer" certifications status
  $rel_client --server $address --token "\$trainer" completions list --course L1-BASICS-101
  $rel_client --server $address --token "\$(awk '\$1 == "agent" { print \$NF }' $rel_demo_tokens)" paths progress
The SLA policy 'support' (Madrid business hours) measures the last 30 days' first responses and
resolutions, with breaches and met targets per week and priority; then size a half hour:
  $rel_client --server $address --token "\$qa" report sla --policy support --period week \\
    --from "\$(date -u -d '-30 days' +%F)" --to "\$(date -u -d tomorrow +%F)" --chart sla.svg
  $rel_client staffing --contacts 100 --aht 3m --interval 30m --target 80/20 --shrinkage 0.3 --patience 2m
Monday numbers: the demo agent's week (the L1 KPIs), the department's months as the manager,
and the QA results per week:
  agent_id="\$(awk '\$1 == "agent" { print \$2 }' $rel_demo_tokens)"
  $rel_client --server $address --token "\$(awk '\$1 == "agent" { print \$NF }' $rel_demo_tokens)" report kpis --agent "\$agent_id" --preset l1
  $rel_client --server $address --token "\$(awk '\$1 == "manager" { print \$NF }' $rel_demo_tokens)" report kpis --department --period month --preset manager
  $rel_client --server $address --token "\$qa" report qa --department --period week
What an L1 agent needs for L2, criterion by criterion (tools/demo/promotion/l1-to-l2.yaml):
  $rel_client --server $address --token "\$(awk '\$1 == "manager" { print \$NF }' $rel_demo_tokens)" promotion policy show l1-to-l2
Who is ready for L2 (four agents) and what the others miss (one needs two more evaluations),
the cases, the promoted person whose QA scores have slipped since (a regression flag), and a
promoted person's level history, as the manager:
  manager="\$(awk '\$1 == "manager" { print \$NF }' $rel_demo_tokens)"
  $rel_client --server $address --token "\$manager" promotion eligibility --policy l1-to-l2
  $rel_client --server $address --token "\$manager" promotion eligibility --policy l1-to-l2 --person "\$(awk '\$1 == "nearly_ready" { print \$2 }' $rel_demo_promotions)" --evidence
  $rel_client --server $address --token "\$manager" promotion list
  $rel_client --server $address --token "\$manager" promotion flags
  $rel_client --server $address --token "\$manager" levels history "\$(awk '\$1 == "regressing" { print \$2 }' $rel_demo_promotions)"
Then watch what the HR system receives (in one terminal), and decide the case under review as
the manager (in another): the approval and the level change arrive on the feed.
  $rel_client --server $address --token "\$(awk '\$1 == "hr_system" { print \$NF }' $rel_demo_tokens)" events watch --type escala.promotion. --type escala.people.level.
  $rel_client --server $address --token "\$manager" promotion approve "\$($rel_client --server $address --token "\$manager" --output csv promotion list --state under-review | awk -F, 'NR == 2 { print \$1 }')" --effective "\$(date -u +%F)"
EOF
fi
cat >&2 <<EOF
Press Ctrl-C to stop the server.

EOF

status=0
wait_for_server || status=$?
escala_log "server exited with status $status"
exit "$status"
