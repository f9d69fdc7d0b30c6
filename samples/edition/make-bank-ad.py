#!/usr/bin/env python3
"""make-bank-ad.py — write ads/aqqu-bank.pdf, the sample edition's advertisement for an
invented bank, as hand-written PDF 1.4 with real vector content: filled and stroked paths
and text in the standard Helvetica fonts (WinAnsiEncoding, nothing embedded), no images.

The page is the ad's box in the manifest, 2 columns x 70 mm of the broadsheet grid: a column
is (315 - 2 x 12 - 4 x 4.5) / 5 = 54.6 mm, so 2 columns and a gutter are 113.7 mm, about
322.3 x 198.4 pt. Standard library only; the xref offsets are counted from the bytes written.
No dates and no random ID, so the output is the same bytes every time.

Usage: python3 make-bank-ad.py [OUT.pdf]   (default: ads/aqqu-bank.pdf beside this script)
"""
import math
import os
import sys

MM = 72 / 25.4
W = round(113.7 * MM, 2)  # 322.3 pt
H = round(70 * MM, 2)     # 198.43 pt

# Advance widths (1/1000 em) of Helvetica and Helvetica-Bold from their AFM files, for the
# characters used here, so that text can be centred and right-aligned.
HELV = {' ': 278, ',': 278, '-': 333, '.': 278, '/': 278, ':': 278, '%': 889, '+': 584,
        '0': 556, '1': 556, '2': 556, '3': 556, '4': 556, '5': 556, '6': 556, '7': 556,
        '8': 556, '9': 556, 'A': 667, 'B': 667, 'C': 722, 'D': 722, 'E': 667, 'F': 611,
        'G': 778, 'H': 722, 'I': 278, 'J': 500, 'K': 667, 'L': 556, 'M': 833, 'N': 722,
        'O': 778, 'P': 667, 'Q': 778, 'R': 722, 'S': 667, 'T': 611, 'U': 722, 'V': 667,
        'W': 944, 'X': 667, 'Y': 667, 'Z': 611, 'a': 556, 'b': 556, 'c': 500, 'd': 556,
        'e': 556, 'f': 278, 'g': 556, 'h': 556, 'i': 222, 'j': 222, 'k': 500, 'l': 222,
        'm': 833, 'n': 556, 'o': 556, 'p': 556, 'q': 556, 'r': 333, 's': 500, 't': 278,
        'u': 556, 'v': 500, 'w': 722, 'x': 500, 'y': 500, 'z': 500, 'ö': 556, '•': 350,
        '–': 556, '’': 222}
BOLD = {' ': 278, ',': 278, '-': 333, '.': 278, '/': 278, ':': 333, '%': 889, '+': 584,
        '0': 556, '1': 556, '2': 556, '3': 556, '4': 556, '5': 556, '6': 556, '7': 556,
        '8': 556, '9': 556, 'A': 722, 'B': 722, 'C': 722, 'D': 722, 'E': 667, 'F': 611,
        'G': 778, 'H': 722, 'I': 278, 'J': 556, 'K': 722, 'L': 611, 'M': 833, 'N': 722,
        'O': 778, 'P': 667, 'Q': 778, 'R': 722, 'S': 667, 'T': 611, 'U': 722, 'V': 667,
        'W': 944, 'X': 667, 'Y': 667, 'Z': 611, 'a': 556, 'b': 611, 'c': 556, 'd': 611,
        'e': 556, 'f': 333, 'g': 611, 'h': 611, 'i': 278, 'j': 278, 'k': 556, 'l': 278,
        'm': 889, 'n': 611, 'o': 611, 'p': 611, 'q': 611, 'r': 389, 's': 556, 't': 333,
        'u': 611, 'v': 556, 'w': 778, 'x': 556, 'y': 556, 'z': 500, 'ö': 611, '•': 350,
        '–': 556, '’': 278}
FONTS = {'F1': HELV, 'F2': BOLD}


def width(text, font, size, tracking=0.0):
    """The advance width of text in points (tracking: Tc in points, added after each char)."""
    return sum(FONTS[font][c] for c in text) * size / 1000 + tracking * len(text)


def pdf_string(text):
    """A PDF literal string in WinAnsiEncoding (cp1252), with ( ) \\ escaped."""
    raw = text.encode('cp1252')
    return b'(' + raw.replace(b'\\', b'\\\\').replace(b'(', b'\\(').replace(b')', b'\\)') + b')'


ops = []  # the content stream, one operator per line


def emit(line):
    ops.append(line.encode('ascii') if isinstance(line, str) else line)


def text(x, y, s, font='F1', size=9.0, rgb=(1, 1, 1), align='left', tracking=0.0):
    if align == 'center':
        x -= width(s, font, size, tracking) / 2
    elif align == 'right':
        x -= width(s, font, size, tracking)
    emit('BT')
    emit('%.3f %.3f %.3f rg' % rgb)
    emit('/%s %.2f Tf' % (font, size))
    emit('%.2f Tc' % tracking)
    emit('%.2f %.2f Td' % (x, y))
    emit(pdf_string(s) + b' Tj')
    emit('ET')


def rect(x, y, w, h, rgb):
    emit('%.3f %.3f %.3f rg %.2f %.2f %.2f %.2f re f' % (rgb + (x, y, w, h)))


def snowflake(cx, cy, r, rgb, lw):
    """Six arms with two barbs each, stroked."""
    emit('q %.3f %.3f %.3f RG %.2f w 1 J' % (rgb + (lw,)))
    for k in range(6):
        a = math.radians(90 + 60 * k)
        ex, ey = cx + r * math.cos(a), cy + r * math.sin(a)
        emit('%.2f %.2f m %.2f %.2f l S' % (cx, cy, ex, ey))
        for f in (0.55,):
            bx, by = cx + f * r * math.cos(a), cy + f * r * math.sin(a)
            for side in (-1, 1):
                b = a + side * math.radians(40)
                emit('%.2f %.2f m %.2f %.2f l S' % (bx, by, bx + 0.35 * r * math.cos(b),
                                                    by + 0.35 * r * math.sin(b)))
    emit('Q')


NAVY = (0.051, 0.192, 0.306)
TEAL = (0.090, 0.392, 0.471)
GOLD = (0.961, 0.761, 0.306)
ICE = (0.620, 0.792, 0.859)
WHITE = (1.0, 1.0, 1.0)
INK = (0.102, 0.141, 0.196)
GREY = (0.353, 0.392, 0.443)

# Background: navy, a teal wedge rising to the right, a white band for the address and terms.
rect(0, 0, W, H, NAVY)
emit('%.3f %.3f %.3f rg 150 46 m %.2f 46 l %.2f %.2f l %.2f %.2f l 250 %.2f l h f'
     % (TEAL + (W, W, H, W, H, H)))
rect(0, 0, W, 46, WHITE)
rect(0, 46, W, 2.2, GOLD)

# Snowflakes over the wedge.
snowflake(282, 150, 22, ICE, 1.4)
snowflake(236, 176, 9, ICE, 0.9)
snowflake(302, 95, 11, ICE, 1.0)

# The logo: a swan (aqqu) in a gold circle, then the name.
def circle(cx, cy, r):
    """A closed circle path of four Bezier arcs (k = 0.5523 of the radius)."""
    k = 0.5523 * r
    return ('%.2f %.2f m %.2f %.2f %.2f %.2f %.2f %.2f c %.2f %.2f %.2f %.2f %.2f %.2f c '
            '%.2f %.2f %.2f %.2f %.2f %.2f c %.2f %.2f %.2f %.2f %.2f %.2f c h'
            % (cx + r, cy, cx + r, cy + k, cx + k, cy + r, cx, cy + r,
               cx - k, cy + r, cx - r, cy + k, cx - r, cy,
               cx - r, cy - k, cx - k, cy - r, cx, cy - r,
               cx + k, cy - r, cx + r, cy - k, cx + r, cy))


emit('q 1 0 0 1 29 172 cm')
emit('%.3f %.3f %.3f rg ' % GOLD + circle(0, 0, 15) + ' f')
emit('%.3f %.3f %.3f rg %.3f %.3f %.3f RG' % (NAVY + NAVY))
emit('-10.5 -0.5 m -8.5 -8 4.5 -8.5 8 -3 c 5.5 -1.2 1.5 -1 -2.5 -1.6 c '
     '-5.5 -2 -8 -1.8 -10.5 -0.5 c h f')                     # body, the tail to the left
emit('2.4 w 1 J 5.4 -2.6 m 8.6 0.5 8.4 3.6 5.6 5.6 c 3.6 7 3.6 8.4 4.8 9.6 c S')   # the neck
emit(circle(4.8, 9.9, 2) + ' f')                               # the head
emit('6.5 10.7 m 9.6 9.6 l 6.6 8.9 l h f')                  # the beak
emit('Q')
text(52, 168, 'AQQU BANK', 'F2', 15, WHITE, tracking=1.6)
text(52.5, 159, 'Kökterek since 1994', 'F1', 6.5, ICE, tracking=0.3)

# The offer.
text(14, 128, 'A warm home for your savings', 'F2', 15.5, WHITE)
text(14, 80, '14.5%', 'F2', 40, GOLD)
x = 14 + width('14.5%', 'F2', 40) + 7
text(x, 102, 'a year on the', 'F1', 9, WHITE)
text(x, 91, 'Winter Deposit', 'F2', 11, WHITE)
text(x, 80.5, 'from 50,000 tenge', 'F1', 9, WHITE)
text(14, 60, 'For 6 or 12 months  •  Top up any time  •  Interest paid monthly', 'F1', 7.6, ICE)

# Address band and the terms.
text(14, 32, 'Open it in the Aqqu app or at our 12 branches in Kökterek', 'F2', 7.6, INK)
text(W - 14, 32, 'aqqubank.example', 'F2', 7.6, TEAL, align='right')
for i, line in enumerate((
        'Aqqu Bank JSC. Nominal rate for a 12-month deposit of 50,000 tenge or more opened by 31 January 2027;',
        'effective rate 15.5%. Deposits are covered by the state deposit guarantee up to its limit. Invented for galley.')):
    text(14, 20 - i * 7.2, line, 'F1', 5.6, GREY)

# A hairline frame round the whole ad.
emit('q %.3f %.3f %.3f RG 0.6 w 0.3 0.3 %.2f %.2f re S Q' % (NAVY + (W - 0.6, H - 0.6)))

content = b'\n'.join(ops) + b'\n'

objects = [
    b'<< /Type /Catalog /Pages 2 0 R >>',
    b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    ('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 4 0 R '
     '/F2 5 0 R >> /ProcSet [/PDF /Text] >> /Contents 6 0 R >>' % (W, H)).encode('ascii'),
    b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    b'<< /Length %d >>\nstream\n' % len(content) + content + b'endstream',
    b'<< /Title (Aqqu Bank: the Winter Deposit) /Author (Aqqu Bank JSC, invented for galley) '
    b'/Subject (Sample advertisement, 2 columns x 70 mm, released under CC0 1.0) '
    b'/Creator (samples/edition/make-bank-ad.py) /Producer (galley sample, hand-written PDF) >>',
]

out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
offsets = []
for number, body in enumerate(objects, start=1):
    offsets.append(len(out))
    out += b'%d 0 obj\n' % number + body + b'\nendobj\n'
xref = len(out)
out += b'xref\n0 %d\n' % (len(objects) + 1)
out += b'0000000000 65535 f \n'
for offset in offsets:
    out += b'%010d 00000 n \n' % offset
out += (b'trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n'
        % (len(objects) + 1, len(objects), xref))

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'ads', 'aqqu-bank.pdf')
os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
with open(path, 'wb') as f:
    f.write(out)
print('make-bank-ad.py: wrote %s (%d bytes, %.1f x %.1f pt)' % (path, len(out), W, H))
