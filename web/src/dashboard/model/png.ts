import { position, scaleRange, type Overview } from './overview';

/** Colours of the roles, the same in the page and in the PNG; the shapes tell them apart without colour. */
export const roleColours: Record<string, string> = {
  SERVICE_USER: '#1f5f99',
  PROFESSIONAL: '#8a4b08',
  CONSULTANT: '#2e7d32',
  ALL: '#444444',
};

const font = '14px system-ui, sans-serif';

/**
 * A picture to hand on: white background (a transparent PNG turns black in some viewers), the title above, the
 * source and the day it was made below, so the picture says what it is once it leaves the page.
 */
export function framePng(
  draw: (context: CanvasRenderingContext2D, width: number) => number,
  width: number,
  title: string,
  source: string,
): string {
  const probe = document.createElement('canvas');
  probe.width = width;
  probe.height = 4000;
  const body = probe.getContext('2d');
  if (!body) return '';
  const bodyHeight = draw(body, width - 32);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = bodyHeight + 100;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#111111';
  context.font = 'bold 18px system-ui, sans-serif';
  context.fillText(title, 16, 30);
  context.drawImage(probe, 0, 0, width, bodyHeight, 16, 48, width, bodyHeight);
  context.font = font;
  context.fillStyle = '#444444';
  context.fillText(source, 16, bodyHeight + 80);
  return canvas.toDataURL('image/png');
}

/** Draws an image (a chart's own PNG) as a frame's body. */
export function drawImage(image: HTMLImageElement) {
  return (context: CanvasRenderingContext2D, width: number): number => {
    const height = Math.round((image.height / image.width) * width);
    context.drawImage(image, 0, 0, width, height);
    return height;
  };
}

/** Draws the overview grid: one band per construct and project, a dot and whisker per role. */
export function drawOverview(overview: Overview) {
  return (context: CanvasRenderingContext2D, width: number): number => {
    const labelWidth = Math.min(260, width * 0.3);
    const columns = Math.max(overview.columns.length, 1);
    const columnWidth = (width - labelWidth) / columns;
    const line = 12;
    const band = overview.roles.length * line + 12;
    context.font = font;
    context.fillStyle = '#111111';
    overview.columns.forEach((column, i) =>
      context.fillText(
        `${column.projectName}: ${column.waveLabel}`,
        labelWidth + i * columnWidth,
        16,
        columnWidth - 8,
      ),
    );
    let y = 28;
    for (let tick = scaleRange[0]; tick <= scaleRange[1]; tick++)
      overview.columns.forEach((_, i) => {
        const x = labelWidth + i * columnWidth + (position(tick) / 100) * (columnWidth - 16);
        context.fillStyle = '#666666';
        context.fillText(String(tick), x - 3, y + 10);
      });
    y += 18;
    for (const row of overview.rows) {
      context.fillStyle = '#111111';
      context.fillText(row.label, 0, y + band / 2, labelWidth - 8);
      row.cells.forEach((marks, i) => {
        const left = labelWidth + i * columnWidth;
        const span = columnWidth - 16;
        context.strokeStyle = '#e0e0e0';
        context.strokeRect(left, y, span, band - 4);
        marks.forEach((mark, j) => {
          const my = y + 8 + j * line;
          context.fillStyle = roleColours[mark.role] ?? '#000';
          context.strokeStyle = roleColours[mark.role] ?? '#000';
          if (mark.mean === null) {
            if (mark.asked) context.fillText('×', left + 2, my + 4);
            return;
          }
          if (mark.ciLow !== null && mark.ciHigh !== null) {
            context.beginPath();
            context.moveTo(left + (position(mark.ciLow) / 100) * span, my);
            context.lineTo(left + (position(mark.ciHigh) / 100) * span, my);
            context.stroke();
          }
          context.beginPath();
          context.arc(left + (position(mark.mean) / 100) * span, my, 4, 0, Math.PI * 2);
          context.fill();
        });
      });
      y += band;
    }
    y += 8;
    let x = 0;
    for (const role of overview.roles) {
      const name = overview.rows[0]?.cells[0]?.find((m) => m.role === role)?.roleName ?? role;
      context.fillStyle = roleColours[role] ?? '#000';
      context.beginPath();
      context.arc(x + 5, y, 4, 0, Math.PI * 2);
      context.fill();
      context.fillStyle = '#111111';
      context.fillText(name, x + 14, y + 5);
      x += context.measureText(name).width + 40;
    }
    return y + 16;
  };
}
