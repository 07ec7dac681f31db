#!/usr/bin/env python3
"""Summarizes a speedscope profile from `scripts/bench.sh --trace FILE` (dotnet-trace, sampled thread stacks).

Only samples of threads running managed code are counted (the sampler marks them CPU_TIME; native frames,
system calls included, are mostly unresolved and left out).
Prints where that time is spent: by module and frame of the innermost frame, and inclusive by frame.
Usage: bench/profile-summary.py FILE.speedscope.json [top]
"""
import json
import sys
from collections import Counter

def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    doc = json.load(open(path))
    frames = [f["name"] for f in doc["shared"]["frames"]]
    busy, inclusive, groups, leaves = 0, Counter(), Counter(), Counter()
    for profile in doc["profiles"]:
        # evented profiles: open/close events; weight = time between events at the stack's top
        stack, last = [], None
        for event in profile.get("events", []):
            at = event["at"]
            if len(stack) > 1 and last is not None and at > last:
                # The innermost frame is a marker: CPU_TIME (managed code running) or UNMANAGED_CODE_TIME (native
                # code: a system call, or a wait); the frame above it is where the thread is.
                # Native frames are mostly unresolved here, so only managed code on the CPU is counted.
                marker, leaf = frames[stack[-1]], frames[stack[-2]]
                if marker == "CPU_TIME":
                    weight = at - last
                    busy += weight
                    leaves[leaf] += weight
                    for name in {frames[i] for i in stack}:
                        inclusive[name] += weight
                    for group in {group_of(frames[i]) for i in stack}:
                        groups[group] += weight
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if busy == 0:
        print("no busy samples")
        return
    # Async continuations run inline on the thread that completes the awaited work, so inclusive time chains
    # through unrelated requests; the innermost (self) frames are the reliable view.
    modules = Counter()
    for name, weight in leaves.items():
        modules[group_of(name)] += weight
    print("| module of the innermost frame (self time) | share of busy thread time |\n|---|---:|")
    for name, weight in modules.most_common(top):
        print(f"| {name} | {100 * weight / busy:.1f}% |")
    print("\n| innermost frame (self time) | share |\n|---|---:|")
    for name, weight in leaves.most_common(top):
        print(f"| `{name[:140]}` | {100 * weight / busy:.1f}% |")
    print("\n| frame (inclusive, chained through continuations) | share |\n|---|---:|")
    for name, weight in inclusive.most_common(top):
        if "!" in name and "System.Private.CoreLib" not in name:
            print(f"| `{name[:140]}` | {100 * weight / busy:.1f}% |")


def group_of(name):
    module = name.split("!")[0] if "!" in name else name.split(".")[0]
    return module


if __name__ == "__main__":
    main()
