import { useEffect, useRef, useState } from "preact/hooks";

/** A screen's own switch (flash, sound), kept in the browser so a wall screen keeps it over reloads. */
export function useStoredSwitch(key: string, initial: boolean): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    const stored = localStorage.getItem(key);
    return stored === null ? initial : stored === "on";
  });
  const set = (next: boolean) => {
    localStorage.setItem(key, next ? "on" : "off");
    setOn(next);
  };
  return [on, set];
}

/** The clock, ticking: stop durations count up on the screen between reloads. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** While sound is on and unacknowledged alarms remain, the beep is repeated this often. */
const REMIND_MS = 60_000;

/**
 * A short two-tone beep (WebAudio) when a new alarm in `alarmIds` appears, repeated while any remain,
 * only while `on`. Browsers start audio only after a gesture: switching the sound on is that gesture,
 * so `unlock` is called from the switch.
 */
export function useAlarmBeep(on: boolean, alarmIds: readonly string[]): { unlock: () => void } {
  const audio = useRef<AudioContext | null>(null);
  const heard = useRef(new Set<string>());
  const key = [...alarmIds].sort().join(",");
  useEffect(() => {
    const fresh = alarmIds.filter((id) => !heard.current.has(id));
    heard.current = new Set(alarmIds);
    if (!on || alarmIds.length === 0) return;
    if (fresh.length > 0) beep(audio.current);
    const timer = setInterval(() => beep(audio.current), REMIND_MS);
    return () => clearInterval(timer);
  }, [on, key]);
  return {
    unlock: () => {
      audio.current ??= new AudioContext();
      void audio.current.resume();
    },
  };
}

function beep(context: AudioContext | null): void {
  if (!context || context.state !== "running") return;
  const gain = context.createGain();
  gain.gain.value = 0.2;
  gain.connect(context.destination);
  [880, 660].forEach((frequency, i) => {
    const tone = context.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(context.currentTime + i * 0.25);
    tone.stop(context.currentTime + i * 0.25 + 0.2);
  });
}
