import { renderLogLine, renderMarkdown } from '../../sim/demo.js'

describe('the demo renders the runner log for a terminal', () => {
  it.each([
    ['::add-mask::secret', undefined],
    ['::debug::detail', undefined],
    ['::endgroup::', undefined],
    ['::group::Write the validation records', '▶ Write the validation records'],
    [
      '::error title=Timed out::Certificate x is not issued yet%0AA re-run resumes',
      '✖ Timed out: Certificate x is not issued yet\n    A re-run resumes'
    ],
    ['::notice title=Certificate not issued yet::pending', 'ℹ Certificate not issued yet: pending'],
    ['plain line', '  plain line']
  ])('%s', (line, shown) => {
    expect(renderLogLine(line)).toBe(shown)
  })

  it('turns the summary tables into aligned lines without Markdown syntax', () => {
    const md =
      '## ✅ ACM certificate: ISSUED\n\n| | |\n|---|---|\n| Region | us-east-1 |\n\n| Name | Status |\n|---|---|\n| `a.example.com` | ✅ SUCCESS |'
    expect(renderMarkdown(md)).toBe(
      '✅ ACM certificate: ISSUED\n\n  Region  ·  us-east-1\n\n  Name  ·  Status\n  a.example.com  ·  ✅ SUCCESS'
    )
  })
})
