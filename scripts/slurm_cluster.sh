#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying `--slurm` and for
# the real-Slurm test: munged, slurmctld and slurmd (Debian's slurm-wlm and
# munge packages), all state, sockets and logs under one folder, no
# system file touched.
#
#   scripts/slurm_cluster.sh start [DIR]   # default DIR: /tmp/redline-slurm
#   export SLURM_CONF=DIR/slurm.conf       # then sbatch, squeue, sinfo work
#   scripts/slurm_cluster.sh stop [DIR]
#
# `start` installs the packages with apt-get when they are missing (as root),
# writes DIR/slurm.conf for this host's CPUs and memory, starts the three
# daemons in the background (slurmctld and slurmd with -D, in the
# foreground of their own processes) and waits until the node is idle.
set -euo pipefail

action="${1:-}"
dir="${2:-/tmp/redline-slurm}"

stop() {
    local pid pidfile
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
        if [ -f "$pidfile" ]; then
            pid="$(cat "$pidfile")"
            kill "$pid" 2>/dev/null || true
            # Wait for it to exit (its port free for the next cluster).
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            rm -f "$pidfile"
        fi
    done
}

case "$action" in
start)
    if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
        echo "== installing slurm-wlm and munge (Debian's packages)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
    fi
    stop
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    dir="$(cd "$dir" && pwd)"
    if [ ! -f "$dir/munge.key" ]; then
        dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 2>/dev/null
        chmod 400 "$dir/munge.key"
    fi
    # --force: munged refuses to run as root without it.
    munged --force --key-file="$dir/munge.key" --socket="$dir/munge.sock" \
        --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munged.seed"
    # slurmd finds its node by the short host name.
    host="$(hostname -s)"
    for port in 16817 16818; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "port $port is in use (another Slurm? stop it with: scripts/slurm_cluster.sh stop DIR)" >&2
            exit 1
        fi
    done
    cpus="$(nproc)"
    # Memory for jobs: the machine's less 1 GiB, at least 1 GiB.
    mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))
    [ "$mem" -lt 1024 ] && mem=1024
    cat >"$dir/slurm.conf" <<CONF
ClusterName=redline
SlurmctldHost=$host
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.sock
SlurmUser=$(id -un)
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$dir/slurm.conf"
    nohup slurmctld -D -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 &
    nohup slurmd -D -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 &
    for _ in $(seq 1 60); do
        if sinfo -h -o '%t' 2>/dev/null | grep -q '^idle'; then
            echo "slurm is up: export SLURM_CONF=$SLURM_CONF"
            exit 0
        fi
        sleep 1
    done
    echo "slurm did not come up; see $dir/log/" >&2
    tail -n 20 "$dir"/log/*.out >&2 || true
    exit 1
    ;;
stop)
    stop
    echo "slurm stopped ($dir)"
    ;;
*)
    echo "usage: scripts/slurm_cluster.sh start|stop [DIR]" >&2
    exit 2
    ;;
esac
