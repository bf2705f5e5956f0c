import { describe, expect, it } from 'vitest';
import { panRange, zoomRange } from '../../../src/ui/graphs/zoom';

const full = { min: 0, max: 100 };

describe('zoom and pan', () => {
  it('zooms around a point, keeping it where it was', () => {
    expect(zoomRange(full, 0.5, 50, full)).toEqual({ min: 25, max: 75 });
    expect(zoomRange(full, 0.5, 0, full)).toEqual({ min: 0, max: 50 });
  });

  it('never zooms out past everything, nor pans off the data', () => {
    expect(zoomRange({ min: 40, max: 60 }, 100, 50, full)).toEqual(full);
    expect(panRange({ min: 80, max: 100 }, 0.5, full)).toEqual({ min: 80, max: 100 });
    expect(panRange({ min: 40, max: 60 }, -0.5, full)).toEqual({ min: 30, max: 50 });
  });
});
