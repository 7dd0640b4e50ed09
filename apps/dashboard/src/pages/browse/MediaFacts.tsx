import type { ImageView } from '../../api/types';

const TAKEN_AT_SOURCE = { exif: 'from the camera (EXIF)', quicktime: 'from the video (QuickTime)', mtime: 'file modified (no date in the file)' } as const;

/** A video's length as m:ss (h:mm:ss from an hour). */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

function exposureText(exposure: NonNullable<ImageView['exposure']>): string {
  const parts = [
    exposure.fNumber !== null ? `f/${exposure.fNumber}` : null,
    exposure.exposureTime !== null ? (exposure.exposureTime < 1 ? `1/${Math.round(1 / exposure.exposureTime)} s` : `${exposure.exposureTime} s`) : null,
    exposure.iso !== null ? `ISO ${exposure.iso}` : null,
    exposure.focalLength !== null ? `${exposure.focalLength} mm` : null,
  ];
  return parts.filter(Boolean).join(' · ') || '—';
}

/** What the render read from the file: date taken, camera, exposure, place, and a video's length and codec. */
export function MediaFacts({ view }: { view: ImageView }) {
  const camera = [view.camera?.make, view.camera?.model].filter(Boolean).join(' ');
  return (
    <>
      <dt>Type</dt>
      <dd>
        {view.mediaType}
        {view.mimeType ? ` (${view.mimeType})` : ''}
      </dd>
      <dt>Taken</dt>
      <dd data-testid="taken-at">{view.takenAt ? `${view.takenAt.replace('T', ' ')} — ${view.takenAtSource ? TAKEN_AT_SOURCE[view.takenAtSource] : ''}` : '—'}</dd>
      {view.mediaType === 'video' && (
        <>
          <dt>Duration</dt>
          <dd data-testid="duration">{view.durationMs !== null ? formatDuration(view.durationMs) : '—'}</dd>
          <dt>Codec</dt>
          <dd>{view.videoCodec ?? '—'}</dd>
        </>
      )}
      <dt>Camera</dt>
      <dd>{camera || '—'}</dd>
      <dt>Lens</dt>
      <dd>{view.lens ?? '—'}</dd>
      <dt>Exposure</dt>
      <dd>{view.exposure ? exposureText(view.exposure) : '—'}</dd>
      <dt>Location</dt>
      <dd data-testid="location">
        {view.gps
          ? `${view.gps.latitude.toFixed(5)}, ${view.gps.longitude.toFixed(5)}${view.gps.altitude !== null ? `, ${view.gps.altitude} m` : ''}`
          : '—'}
      </dd>
    </>
  );
}
