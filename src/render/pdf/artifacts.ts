/**
 * Everything drawn that is not content: running heads, folios, rules, the repeated table head.
 * All of it goes inside `/Artifact` marked content, never inside an MCID sequence, and colours
 * are set before any path (stack-notes: "CS/cs not allowed").
 */
import type { PdfDoc } from './pdfkit.js';
import { painterFor } from './text-run.js';
import { FOLIO, PAGE, RUNNING, fontKey, type TextStyle } from './styles.js';

export type ArtifactType = 'Pagination' | 'Layout';

export function artifact(doc: PdfDoc, type: ArtifactType, draw: () => void): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

function textWidth(doc: PdfDoc, text: string, style: TextStyle): number {
  return painterFor(doc).width(fontKey(style), style.size, text);
}

function drawText(doc: PdfDoc, text: string, x: number, y: number, style: TextStyle): void {
  doc.fillColor('#444444');
  painterFor(doc).draw(fontKey(style), style.size, text, x, y);
  doc.fillColor('#000000');
}

/** Running head (centred) and folio (centred), as Pagination artifacts. */
export function drawRunningHeadAndFolio(doc: PdfDoc, head: string, folio: string): void {
  artifact(doc, 'Pagination', () => {
    if (head) {
      const w = textWidth(doc, head, RUNNING);
      const x = Math.max(PAGE.marginLeft, (PAGE.width - w) / 2);
      drawText(doc, head, x, PAGE.headerY, RUNNING);
    }
    const fw = textWidth(doc, folio, FOLIO);
    drawText(doc, folio, (PAGE.width - fw) / 2, PAGE.footerY, FOLIO);
  });
}

/** A horizontal rule, as a Layout artifact. */
export function drawRule(doc: PdfDoc, x0: number, x1: number, y: number, width = 0.5, color = '#777777'): void {
  artifact(doc, 'Layout', () => {
    doc.save();
    doc.strokeColor(color);
    doc.lineWidth(width);
    doc.moveTo(x0, y).lineTo(x1, y).stroke();
    doc.restore();
  });
}
