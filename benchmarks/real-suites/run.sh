#!/usr/bin/env bash
# Runs a real project's own test suite with or without the leakwatch agent, and measures it.
#
# Usage:
#   benchmarks/real-suites/run.sh PROJECT MODE [JDK_HOME]
#     PROJECT   compress (Apache Commons Compress), httpcore5 (Apache HttpComponents Core 5) or io (Apache Commons IO,
#               a JVM forked per test class)
#     MODE      with | without   (the leakwatch agent in every Surefire fork, or not)
#     JDK_HOME  the JDK that runs Maven and the forks (default /usr/lib/jvm/java-17-openjdk-amd64)
#   benchmarks/real-suites/run.sh --summary RUN_DIR    prints a finished run's summary again
#   Environment (all optional except AGENT_JAR for MODE=with):
#     AGENT_JAR  the agent jar; pass a private copy (cp agent/target/leakwatch-agent.jar /work/suites/agent-X.jar)
#                so that a rebuild cannot hand a fork a half-written jar
#     SOURCE     git mirror or clone URL of the project (default: a local mirror under /work/.mirror when there is
#                one, else the project's public repository on GitHub)
#     SUITES     work root (default /work/suites where it exists, else benchmarks/real-suites/target): tools/,
#                m2repo/ (a private Maven repository) and runs/
#     RUN_DIR    where this run goes (default $SUITES/runs/PROJECT-MODE-jdkN-TIMESTAMP)
#     LEAKWATCH_OPTS  extra agent options appended after report=..., e.g. "stacks=all"
#     OFFLINE=1  pass -o to Maven (after a first run has filled m2repo)
#     MVN_ARGS   more Maven arguments, e.g. "-Dtest=IOUtilsTest" to check a set-up on one test class
#
# It clones SOURCE at the pinned commit into RUN_DIR/src and runs Maven 3.9 there the project's way (compress: clean
# test; httpcore5: clean verify, its default goal): its own Surefire forkCount/reuseForks and memory settings, JaCoCo
# where the build has it, with the checks that are not tests skipped (rat, japicmp, checkstyle, ...). MODE=with adds
# -javaagent:AGENT_JAR=report=RUN_DIR/leakwatch/leaks-{pid}.json to every fork's argLine:
#   compress:  -DargLine='@{argLine} -javaagent:...'  Commons Parent's JaCoCo prepare-agent sets the project property
#              argLine, which the pom's <argLine>${argLine} ...</argLine> reads; a plain -DargLine would replace it
#              (the forks lose JaCoCo), while Surefire's late @{argLine} puts JaCoCo's value back in front of ours.
#   httpcore5: -DargLine='-javaagent:...'  (no JaCoCo, no argLine in its poms: Surefire's argLine parameter)
#   io:        -DEnableDynamicAgentLoading='[-XX:+EnableDynamicAgentLoading on JDK 21+] -javaagent:...'  its pom's argLine
#              is `@{argLine} -Xmx25M ${EnableDynamicAgentLoading}`, JaCoCo's value fills @{argLine}
# Each fork's command line is taken from Surefire's debug line "Forking command line", and forks are also counted
# by sampling `ps` for surefirebooter processes.
#
# Prints (and writes to RUN_DIR/summary.txt, RUN_DIR/summary.json): commit, JDK, agent jar and sha256, Maven's exit
# status, wall and CPU seconds (user+sys of Maven and every fork it reaped, from /usr/bin/time; and the CPU seconds the
# rest of the machine used meanwhile, from /proc/stat), the wall seconds of each surefire:test step, forks (leakwatch
# reports, Surefire's "Forking command line"s, distinct booter PIDs seen by ps, and how many had the agent and JaCoCo),
# tests run/failures/errors/skipped per module and in all (from target/surefire-reports/TEST-*.xml) with the failing
# tests, and the list of report files. Read the sites with: python3 benchmarks/real-suites/sites.py RUN_DIR/leakwatch
set -euo pipefail

summarize() {  # RUN_DIR: summarizes what a run left there (run.env, time.txt, maven.log, ...)
  python3 - "$1" <<'EOF'
import glob, hashlib, json, os, re, sys, xml.etree.ElementTree as ET
run = sys.argv[1]
env = dict(l.rstrip('\n').split('=', 1) for l in open(os.path.join(run, 'run.env')))
project, mode, commit, jdk, jar = (env[k] for k in ('project', 'mode', 'commit', 'jdk', 'agentJar'))
rc = open(os.path.join(run, 'maven-exit.txt')).read().strip()
src = os.path.join(run, 'src')
wall, user, sys_ = (float(x) for x in open(os.path.join(run, 'time.txt')).read().split()[-3:])
b0, b1, hz = (int(x) for x in open(os.path.join(run, 'machine-busy.txt')).read().split())
machine = round((b1 - b0) / hz, 1)
log = open(os.path.join(run, 'maven.log'), errors='replace').read()
forking = [l for l in log.splitlines() if 'Forking command line:' in l]
ps = [l for l in open(os.path.join(run, 'forks-ps.txt')).read().splitlines() if l.strip()]
reports = sorted(glob.glob(os.path.join(run, 'leakwatch', 'leaks-*.json')))
modules, failing = {}, []
for f in sorted(glob.glob(os.path.join(src, '**', 'target', 'surefire-reports', 'TEST-*.xml'), recursive=True)):
    parts = os.path.relpath(f, src).split(os.sep)
    mod = os.sep.join(parts[:parts.index('target')]) or '.'
    s = ET.parse(f).getroot()
    m = modules.setdefault(mod, {'classes': 0, 'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0})
    m['classes'] += 1
    for k in ('tests', 'failures', 'errors', 'skipped'):
        m[k] += int(s.get(k, 0))
    for tc in s.iter('testcase'):
        for bad in ('failure', 'error'):
            for e in tc.findall(bad):
                failing.append(f"{bad}: {tc.get('classname')}.{tc.get('name')}: {(e.get('message') or '')[:160]}")
# wall time of each surefire:test step: from its '--- surefire' line to the next step's (or the end's) time stamp
def secs(line):
    h, m, x = line[:12].split(':')
    return int(h) * 3600 + int(m) * 60 + float(x)
stamped = [l for l in log.splitlines() if re.match(r'\d\d:\d\d:\d\d\.\d{3} ', l)]
steps = [i for i, l in enumerate(stamped) if re.search(r' --- |BUILD (SUCCESS|FAILURE)', l)]
surefire = {}
for a, b in zip(steps, steps[1:]):
    m = re.search(r' --- surefire:\S+ \(\S+\) @ (\S+) ---', stamped[a])
    if m:
        surefire[m.group(1)] = round((secs(stamped[b]) - secs(stamped[a])) % 86400, 1)
total = {k: sum(m[k] for m in modules.values()) for k in ('classes', 'tests', 'failures', 'errors', 'skipped')}
sha = hashlib.sha256(open(jar, 'rb').read()).hexdigest() if jar else None
out = {'project': project, 'mode': mode, 'commit': commit, 'jdk': jdk, 'agentJar': jar or None, 'agentSha256': sha,
       'mavenExit': int(rc), 'wallSeconds': wall, 'cpuSeconds': round(user + sys_, 2), 'userSeconds': user,
       'sysSeconds': sys_, 'machineBusySeconds': machine,
       'otherCpuSeconds': round(machine - user - sys_, 1), 'downloads': log.count('Downloaded from'),
       'forks': {'reports': len(reports), 'modulesWithTests': len(modules), 'surefireForkingLines': len(forking), 'psBooterPids': len(ps),
                 'withLeakwatch': sum('leakwatch' in l and '-javaagent:' + (jar or '\0') in l for l in forking),
                 'withJacoco': sum('org.jacoco.agent' in l for l in forking)},
       'surefireSeconds': surefire, 'surefireSecondsTotal': round(sum(surefire.values()), 1), 'modules': modules, 'tests': total, 'failing': failing, 'reports': reports,
       'mavenResult': (re.findall(r'BUILD (SUCCESS|FAILURE)', log) or ['?'])[-1]}
json.dump(out, open(os.path.join(run, 'summary.json'), 'w'), indent=1)
lines = [f"{project} {mode} agent, commit {commit}, JDK {jdk}",
         f"agent jar: {jar or '-'} sha256 {sha or '-'}",
         f"maven: exit {rc}, BUILD {out['mavenResult']}, {out['downloads']} downloads; log {run}/maven.log",
         f"wall {wall:.1f} s, cpu {user + sys_:.1f} s (user {user:.1f} + sys {sys_:.1f}), Maven and all forks; "
         f"the machine was busy {machine:.1f} CPU s, so others used {machine - user - sys_:.1f} s",
         "forks: {reports} leakwatch reports, {surefireForkingLines} Surefire 'Forking command line's, "
         "{modulesWithTests} modules with test reports (forkCount=1, reuseForks=true: one fork each), "
         "{psBooterPids} booter PIDs seen by ps; {withLeakwatch} forked with the agent, {withJacoco} with JaCoCo"
         .format(**out['forks']),
         f"surefire:test steps: {out['surefireSecondsTotal']} s wall in all: "
         + ', '.join(f'{k} {v} s' for k, v in surefire.items())]
for mod, m in modules.items():
    lines.append(f"  {mod}: {m['classes']} classes, tests {m['tests']}, failures {m['failures']}, "
                 f"errors {m['errors']}, skipped {m['skipped']}")
lines.append("tests: {tests} run, {failures} failures, {errors} errors, {skipped} skipped ({classes} classes)".format(**total))
lines += ['  ' + f for f in failing]
lines.append('reports:')
lines += ['  ' + r for r in reports]
text = '\n'.join(lines) + '\n'
open(os.path.join(run, 'summary.txt'), 'w').write(text)
print(text, end='')
EOF
}
if [[ ${1:-} == --summary ]]; then summarize "${2:?usage: run.sh --summary RUN_DIR}"; exit; fi

project=${1:?usage: run.sh compress|httpcore5|io with|without [JDK_HOME]}
mode=${2:?usage: run.sh compress|httpcore5|io with|without [JDK_HOME]}
jdk=${3:-/usr/lib/jvm/java-17-openjdk-amd64}
if [[ -z ${SUITES:-} ]]; then
  if [[ -d /work/suites ]]; then SUITES=/work/suites; else SUITES=$(cd "$(dirname "$0")" && pwd)/target; fi
fi

# Skipped: everything but compiling and the tests; JaCoCo's prepare-agent stays wherever the build binds it.
skips=(-Drat.skip=true -Djapicmp.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcheckstyle.skip=true
  -Dspotbugs.skip=true -Dpmd.skip=true -Dcpd.skip=true -Danimal.sniffer.skip=true -Denforcer.skip=true
  -Dmoditect.skip=true -Dcyclonedx.skip=true -Dspdx.skip=true -Dgpg.skip=true)
case $project in
  compress)
    commit=6862beae76a90e09e182f975a538ea9b2723e2b9
    mirror=/work/.mirror/apache+commons-compress/repo
    [[ -d $mirror ]] || mirror=https://github.com/apache/commons-compress.git
    SOURCE=${SOURCE:-$mirror}
    late='@{argLine} '
    # `test`, not its CI's `verify`: past the tests, verify only packages, checks coverage (jacoco:check) and runs
    # spdx:createSPDX, which forks a second lifecycle up to verify and cannot be skipped
    goals=(clean test)
    extra=() ;;
  httpcore5)
    commit=e9fa30494b3648df068f1138a5b230ced75800ba
    mirror=/work/.mirror/apache+httpcomponents-core/repo
    [[ -d $mirror ]] || mirror=https://github.com/apache/httpcomponents-core.git
    SOURCE=${SOURCE:-$mirror}
    late=''
    # as its CI (.github/workflows/maven.yml) runs it; its Docker-only integration tests (-Pdocker) are left out
    goals=(clean verify)
    extra=(-DtrimStackTrace=false -Djunit.jupiter.execution.parallel.enabled=false) ;;
  io)
    # Apache Commons IO: Surefire forks a JVM per test class (forkCount 1, reuseForks false) at -Xmx25M, with
    # JaCoCo's agent in each (Commons Parent's jacoco profile): the case of a build that forks hundreds of JVMs
    commit=d83aeb6f4774aee75d857b29fb6cd89132c9a91b
    mirror=/work/.mirror/apache+commons-io/repo
    [[ -d $mirror ]] || mirror=https://github.com/apache/commons-io.git
    SOURCE=${SOURCE:-$mirror}
    # its argLine is `@{argLine} -Xmx25M ${EnableDynamicAgentLoading}` in the pom: a -DargLine never reaches the
    # forks (JaCoCo's value fills @{argLine}), so the agent rides on the property its pom adds for JDK 21 and up,
    # with that property's own value kept
    property=EnableDynamicAgentLoading
    late=''
    goals=(clean test)
    extra=() ;;
  *) echo "unknown project: $project (compress, httpcore5 or io)" >&2; exit 2 ;;
esac
[[ $mode == with || $mode == without ]] || { echo "MODE must be with or without" >&2; exit 2; }
[[ -x $jdk/bin/java ]] || { echo "no JDK at $jdk" >&2; exit 2; }
jdkver=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ $project == io && $jdkver -ge 21 ]] && dynamic='-XX:+EnableDynamicAgentLoading '
RUN_DIR=${RUN_DIR:-$SUITES/runs/$project-$mode-jdk$jdkver-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$SUITES/tools" "$RUN_DIR/leakwatch"
RUN_DIR=$(cd "$RUN_DIR" && pwd)
m2=$SUITES/m2repo

# Maven 3.9 (Commons Parent's enforcer and httpcore5's wrapper want it), from Maven Central through the system mvn.
mvnhome=$SUITES/tools/apache-maven-3.9.14
if [[ ! -x $mvnhome/bin/mvn ]]; then
  (cd "$SUITES/tools" && mvn -q -Dmaven.repo.local="$m2" dependency:copy \
    -Dartifact=org.apache.maven:apache-maven:3.9.14:tar.gz:bin -DoutputDirectory="$SUITES/tools" &&
    tar xzf apache-maven-3.9.14-bin.tar.gz)
fi

# Sources at the pinned commit. The mirrors lack a few large test files; for compress they are taken from the
# released tests jar and accepted only when their git blob id is the one the commit names.
src=$RUN_DIR/src
git clone -q --no-checkout "$SOURCE" "$src"
missing=$(git -C "$src" ls-tree -r "$commit" | awk '$2 == "blob" { print $3 " " $4 }' |
  while read -r id path; do git -C "$src" cat-file -e "$id" 2>/dev/null || echo "$id $path"; done)
if [[ -n $missing ]]; then
  [[ $project == compress ]] || { echo "missing blobs in $SOURCE:"$'\n'"$missing" >&2; exit 1; }
  jar=$SUITES/tools/commons-compress-1.28.0-tests.jar
  [[ -f $jar ]] || (cd "$SUITES/tools" && mvn -q -Dmaven.repo.local="$m2" dependency:copy \
    -Dartifact=org.apache.commons:commons-compress:1.28.0:jar:tests -DoutputDirectory="$SUITES/tools")
  tmp=$(mktemp -d)
  while read -r id path; do
    unzip -q -o "$jar" "${path#src/test/resources/}" -d "$tmp"
    got=$(git -C "$src" hash-object -w "$tmp/${path#src/test/resources/}")
    [[ $got == "$id" ]] || { echo "no exact copy of $path ($id, got $got)" >&2; exit 1; }
  done <<<"$missing"
  rm -rf "$tmp"
fi
git -C "$src" checkout -q "$commit"

agentarg=()
[[ $mode == with ]] || AGENT_JAR=''
if [[ $mode == with ]]; then
  : "${AGENT_JAR:?MODE=with needs AGENT_JAR (a private copy of the agent jar)}"
  AGENT_JAR=$(readlink -f "$AGENT_JAR")
  agentarg=("-D${property:-argLine}=${late}${dynamic:-}-javaagent:$AGENT_JAR=report=$RUN_DIR/leakwatch/leaks-{pid}.json${LEAKWATCH_OPTS:+,$LEAKWATCH_OPTS}")
fi

printf '%s\n' "project=$project" "mode=$mode" "commit=$commit" "jdk=$jdk" "agentJar=${AGENT_JAR:-}" >"$RUN_DIR/run.env"

# Sample the forks: every surefirebooter JVM of this run, once, with its command line.
while [[ ! -e $RUN_DIR/.stop ]]; do
  ps -eo pid=,args= | grep -F "$src/" | grep -F surefirebooter | grep -v -e '^ *[0-9]* /bin/sh' -e grep || true
  sleep 0.5
done | awk '!seen[$1]++' >"$RUN_DIR/forks-ps.txt" &
sampler=$!

cmd=("$mvnhome/bin/mvn" -B -V ${OFFLINE:+-o} -Dmaven.repo.local="$m2" "${skips[@]}" "${extra[@]}" ${MVN_ARGS:-} "${agentarg[@]}"
  -Dmaven.test.failure.ignore=true -Dorg.slf4j.simpleLogger.log.org.apache.maven.plugin.surefire=debug
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS "${goals[@]}")
printf '%q ' "${cmd[@]}" >"$RUN_DIR/command.txt"; echo >>"$RUN_DIR/command.txt"
echo "running in $src: $(cat "$RUN_DIR/command.txt")" >&2
busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }  # user nice system irq softirq
busy0=$(busy)
set +e
(cd "$src" && env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u MAVEN_OPTS JAVA_HOME="$jdk" \
  /usr/bin/time -f '%e %U %S' -o "$RUN_DIR/time.txt" "${cmd[@]}" >"$RUN_DIR/maven.log" 2>&1)
rc=$?
set -e
touch "$RUN_DIR/.stop"; wait "$sampler" || true; rm -f "$RUN_DIR/.stop"
echo "$rc" >"$RUN_DIR/maven-exit.txt"
echo "$busy0 $(busy) $(getconf CLK_TCK)" >"$RUN_DIR/machine-busy.txt"

summarize "$RUN_DIR"
