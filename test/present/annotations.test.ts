import { describe, expect, it } from 'vitest';
import { fieldId } from '../../src/fields/registry';
import { compileFilter, type FrameFieldSource } from '../../src/filter';
import { AnnotatedSource, FrameAnnotations, Note } from '../../src/present/annotations';

const none: FrameFieldSource = { values: () => [], lengths: () => [], layers: () => [] };

describe('frame annotations', () => {
  it('toggles marks, ignored frames and time references per frame, following the first frame', () => {
    const notes = new FrameAnnotations();
    notes.toggle('marked', [3, 7]);
    expect(notes.frames('marked')).toEqual([3, 7]);
    notes.toggle('marked', [7, 9]);
    expect(notes.frames('marked')).toEqual([3]);
    notes.toggle('timeRef', [5000]);
    notes.toggle('ignored', [2], true);
    expect(notes.of(5000)).toBe(Note.TimeRef);
    expect(Array.from(notes.timeRefs())).toEqual([5000]);
    expect(notes.count('ignored')).toBe(1);
    expect(notes.of(123456)).toBe(0);
  });

  it("keeps comments, the file's and the analyst's, and survives a snapshot", () => {
    const notes = new FrameAnnotations();
    notes.addFileComment(4, 'from the capture');
    notes.addFileComment(4, 'second');
    notes.setComments(8, ['mine', '  ']);
    notes.toggle('ignored', [1]);
    const copy = FrameAnnotations.restore(notes.snapshot());
    expect(copy.commentsOf(4)).toEqual(['from the capture', 'second']);
    expect(copy.commentsOf(8)).toEqual(['mine']);
    expect(copy.frames('ignored')).toEqual([1]);
    copy.setComments(8, ['']);
    expect(copy.snapshot().comments).toEqual({ 4: ['from the capture', 'second'] });
  });

  it('answers frame.marked, frame.ignored and frame.comment for the filter engine', () => {
    const notes = new FrameAnnotations();
    notes.toggle('marked', [2]);
    notes.setComments(2, ['slow handshake – ü']);
    const frame2 = new AnnotatedSource(none, 2, notes);
    const frame3 = new AnnotatedSource(none, 3, notes);
    const matches = (filter: string, source: FrameFieldSource) => compileFilter(filter).matches(source);
    expect(matches('frame.marked == 1', frame2)).toBe(true);
    expect(matches('frame.marked == 1', frame3)).toBe(false);
    expect(matches('frame.comment contains "slow"', frame2)).toBe(true);
    expect(matches('frame.comment == "slow handshake – ü"', frame2)).toBe(true);
    expect(matches('frame.comment', frame3)).toBe(false);
    expect(matches('!frame.ignored', frame3)).toBe(false);
    expect(matches('frame.ignored == 0', frame3)).toBe(true);
    // An ignored frame offers only what is given for it.
    const ignored = new AnnotatedSource(undefined, 3, notes, (id) => (id === fieldId('frame.len') ? [60] : undefined));
    expect(matches('frame.len == 60', ignored)).toBe(true);
    expect(matches('tcp', ignored)).toBe(false);
  });
});
