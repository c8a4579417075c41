#!/usr/bin/env bash
# Memory of the server while 64 clients browse the public power list and upload bombs are sent
# to the officer import, ten rounds each (docs/BENCHMARKS.md, "Upload bombs under load").
# Needs wrk and a demo database: DB=fazhi-demo.db B=target/release/fazhi scripts/upload-bombs.sh
set -u
B=$(realpath "${B:-target/release/fazhi}")
DB=$(realpath "${DB:-fazhi-demo.db}")
PORT=${PORT:-8091}
WORK=$(mktemp -d)
python3 "$(dirname "$0")/bombs.py" "$WORK" >/dev/null
cd "$WORK"
FAZHI_ACCESS_LOG=off $B serve --db "$DB" --listen 127.0.0.1:$PORT >serve.log 2>&1 &
SRV=$!
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 1; done
COOKIE=$($B bench session --db "$DB" --username deptadmin)
CSRF=$(curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
rss() { awk '/VmRSS/ {print $2}' /proc/$SRV/status; }
echo "rss_start_kb $(rss)"
( while kill -0 $SRV 2>/dev/null; do rss >> rss.log; sleep 0.5; done ) &
SAMPLER=$!
wrk -t2 -c64 -d40s "http://127.0.0.1:$PORT/portal/powers" > wrk.log 2>&1 &
WRK=$!
sleep 3
for i in $(seq 1 10); do
  for f in corner.xlsx bomb.xlsx bomb-small.xlsx; do
    /usr/bin/time -f "%e s" curl -s -o resp.html -w "%{http_code} " -H "Cookie: $COOKIE" \
      -F "csrf=$CSRF" -F "file=@$f" "http://127.0.0.1:$PORT/org/officers/import" 2>>times.log
  done
done
wait $WRK
echo "rss_peak_kb $(sort -n rss.log | tail -1)"
echo "rss_end_kb $(rss)"
echo "upload_seconds $(tr '\n' ' ' < times.log)"
grep -E "Requests/sec|Latency|Non-2xx" wrk.log
kill $SRV
wait $SAMPLER 2>/dev/null
rm -rf "$WORK"
