import { describe, expect, it } from 'vitest'
import { doc, metric, metrics, section } from '../../docBuilder'
import { metricKeysIn, newMetricKey, withMetricKeys } from './metricKey'
import { ATTRIBUTE_LIMITS } from '../../nodes/attributeValue'
import { metricRowAttributes } from './MetricRow'
import { reportSchema } from '../../reportSchema'

describe('metric keys', () => {
  it('generates keys within the attribute limit that avoid the taken ones', () => {
    const taken = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const key = newMetricKey(taken)
      expect(key).toMatch(/^m_[0-9a-z]{8}$/)
      expect(key.length).toBeLessThanOrEqual(ATTRIBUTE_LIMITS.key)
      expect(taken.has(key)).toBe(false)
      taken.add(key)
    }
  })

  it('fills missing keys (keeping given ones), or with replace gives every row a new one; rows stay valid', () => {
    const body = reportSchema.nodeFromJSON(doc(section('data', '数据', metrics(metric({ key: 'fcr' }), metric({}), metric({ key: null })))))
    const taken = metricKeysIn(body)
    expect([...taken]).toEqual(['fcr'])
    const filled = withMetricKeys(body, new Set(taken))
    const keys = [...metricKeysIn(filled)]
    expect(keys).toHaveLength(3)
    expect(keys[0]).toBe('fcr')
    const replaced = withMetricKeys(filled, metricKeysIn(filled), true)
    const fresh = [...metricKeysIn(replaced)]
    expect(fresh).toHaveLength(3)
    for (const k of fresh) expect(keys).not.toContain(k)
    replaced.descendants((n) => {
      if (n.type.name === 'metricRow') expect(metricRowAttributes.safeParse(n.attrs).success).toBe(true)
    })
  })
})
