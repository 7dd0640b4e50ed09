import { metadataFromFfprobe, rotationOf } from './video-metadata';

describe(metadataFromFfprobe.name, () => {
  const phoneClip = {
    streams: [
      { codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, side_data_list: [{ rotation: -90 }], tags: { creation_time: '2023-08-01T10:00:00.000000Z' } },
      { codec_type: 'audio', codec_name: 'aac' },
    ],
    format: { duration: '12.345678', tags: { 'com.apple.quicktime.creationdate': '2023-08-01T12:00:00+0200', 'com.apple.quicktime.location.ISO6709': '-33.8568+151.2153+025.500/' } },
  };

  it("swaps the displayed sides of a clip its display matrix turns by a quarter (a phone held upright)", () => {
    expect(rotationOf(phoneClip.streams[0]!)).toBe(270);
    expect(metadataFromFfprobe(phoneClip, 'video/quicktime')).toMatchObject({ width: 1080, height: 1920 });
  });

  it("takes Apple's local creation date with its offset over the container's UTC one, and the ISO 6709 location", () => {
    expect(metadataFromFfprobe(phoneClip, 'video/quicktime')).toMatchObject({
      mediaType: 'video',
      takenAt: '2023-08-01T12:00:00+02:00',
      takenAtSource: 'quicktime',
      gps: { latitude: -33.8568, longitude: 151.2153, altitude: 25.5 },
      durationMs: 12346,
      videoCodec: 'hevc',
    });
  });

  it('ignores the 1904/1970 dates muxers write when they know none, and cover art streams', () => {
    const report = {
      streams: [
        { codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } },
        { codec_type: 'video', codec_name: 'h264', width: 640, height: 480 },
      ],
      format: { tags: { creation_time: '1970-01-01T00:00:00.000000Z' } },
    };
    expect(metadataFromFfprobe(report, null)).toMatchObject({ width: 640, height: 480, videoCodec: 'h264', takenAt: null, takenAtSource: null, durationMs: null });
  });
});
